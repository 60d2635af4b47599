// Lint BPMN files with bpmnlint's recommended rules, as `bpmnlint` with the default
// .bpmnlintrc ({"extends": "bpmnlint:recommended"}) does, and print one JSON object:
// {file: [{rule, id, category, message}]}, import warnings of bpmn-moddle included.
// Usage: node tests/js/bpmnlint.cjs FILE...
const { readFileSync } = require('node:fs');
const { BpmnModdle } = require('bpmn-moddle');
const Linter = require('bpmnlint/lib/linter');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

async function lint(file, moddle) {
  let parsed;
  try {
    parsed = await moddle.fromXML(readFileSync(file, 'utf-8'));
  } catch (error) {
    return [ { rule: 'parse', category: 'error', message: error.message } ];
  }
  const reports = (parsed.warnings || []).map(warning => ({
    rule: 'import',
    id: warning.element && warning.element.id,
    category: 'error',
    message: warning.message.split(/\n/)[0]
  }));
  // A linter per file, as the bpmnlint command makes: some rules keep state while they run.
  const linter = new Linter({
    config: { extends: 'bpmnlint:recommended' },
    resolver: new NodeResolver()
  });
  const results = await linter.lint(parsed.rootElement);
  for (const [ rule, found ] of Object.entries(results)) {
    for (const report of found) {
      reports.push({ rule, id: report.id, category: report.category, message: report.message });
    }
  }
  return reports;
}

async function main() {
  const moddle = new BpmnModdle();
  const out = {};
  for (const file of process.argv.slice(2)) {
    out[file] = await lint(file, moddle);
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
