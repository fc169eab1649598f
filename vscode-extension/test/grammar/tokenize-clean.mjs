// Tokenizes whole .kiln programs with the grammar (vscode-textmate + Oniguruma,
// as VS Code does) and reports what a reader would see as broken colouring:
// `invalid.*` tokens, and a file that ends inside a string or bracket rule.
//   node test/grammar/tokenize-clean.mjs FILE...    exit 1 if any file is not clean
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const vt = require('vscode-textmate');
const onig = require('vscode-oniguruma');
const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

await onig.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
const registry = new vt.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (s) => new onig.OnigScanner(s),
    createOnigString: (s) => new onig.OnigString(s),
  }),
  loadGrammar: async () => vt.parseRawGrammar(
    fs.readFileSync(path.join(EXT, 'syntaxes', 'kiln.tmLanguage.json'), 'utf8'), 'kiln.tmLanguage.json'),
});
const grammar = await registry.loadGrammar('source.kiln');

let problems = 0;
for (const file of process.argv.slice(2)) {
  let state = vt.INITIAL;
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    for (const t of result.tokens) {
      const bad = t.scopes.find((s) => s.startsWith('invalid.'));
      if (bad) {
        problems++;
        console.log(`${file}:${i + 1}:${t.startIndex + 1}: ${bad} on ${JSON.stringify(line.slice(t.startIndex, t.endIndex))}`);
      }
    }
  });
  if (state.depth > 1) {
    problems++;
    console.log(`${file}: the file ends inside an open rule (an unterminated string or bracket)`);
  }
}
console.log(`${process.argv.length - 2} files, ${problems} problems`);
process.exit(problems ? 1 : 0);
