// Parse Mermaid files with Mermaid itself (mermaid.parse, the check Mermaid runs before it
// draws) and print one JSON object: {file: null when Mermaid accepts it, else its error}.
// Mermaid cleans labels with DOMPurify, which needs a DOM: jsdom gives it one.
// Usage: node tests/js/mermaid-parse.mjs FILE...
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

const out = {};
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, 'utf-8'));
    out[file] = result && result.diagramType === 'flowchart-v2' ? null : `not a flowchart: ${JSON.stringify(result)}`;
  } catch (error) {
    out[file] = String(error.message || error).split('\n').slice(0, 4).join('\n');
  }
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
