// Read each BPMN file with bpmn-moddle and save it again, as bpmn-js, bpmn.io and Camunda
// Modeler save a diagram: FILE.bpmn is written as FILE.resaved.bpmn. Prints one JSON object:
// {file: the import warnings}.
// Usage: node tests/js/bpmn-resave.cjs FILE...
const { readFileSync, writeFileSync } = require('node:fs');
const { BpmnModdle } = require('bpmn-moddle');

async function main() {
  const moddle = new BpmnModdle();
  const out = {};
  for (const file of process.argv.slice(2)) {
    const { rootElement, warnings } = await moddle.fromXML(readFileSync(file, 'utf-8'));
    const { xml } = await moddle.toXML(rootElement, { format: true });
    writeFileSync(file.replace(/\.bpmn$/, '.resaved.bpmn'), xml);
    out[file] = warnings.map(warning => warning.message.split('\n')[0]);
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
