// npm run demo-data [-- --out data/demo --clients 250 --seed 20240101 --lines 1000000 --encoding utf-8]
// Writes the demo ledger (one FEC per fiscal year) and its ground truth.
import { parseArgs } from 'node:util';
import { generateDemoLedger } from './generate.ts';
import { clientsForLines } from './scale.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'data/demo' },
    clients: { type: 'string' },
    lines: { type: 'string' },
    seed: { type: 'string', default: '20240101' },
    encoding: { type: 'string', default: 'windows-1252' },
  },
});
const clients = values.lines ? clientsForLines(Number(values.lines)) : Number(values.clients ?? 250);
const started = Date.now();
const truth = await generateDemoLedger({ outDir: values.out!, clients, seed: Number(values.seed), encoding: values.encoding === 'utf-8' ? 'utf-8' : 'windows-1252' });
for (const f of truth.files) console.log(`${values.out}/${f.file}\t${f.lines} lines`);
console.log(`${clients} clients, ground truth in ${values.out}/ground-truth.json (${((Date.now() - started) / 1000).toFixed(1)} s)`);
