// Reads a CNAB 240 file (path in argv[2]) with the generic FEBRABAN layouts of the npm
// package @banco-br/cnab_yaml, or a bank's (argv[3]): one YAML file per record, each field
// with its positions and picture, independently of the Rust writer. Writes a JSON array,
// one object per line: {record, segment, fields: {name: text}, nonNumeric: [names of
// 9-picture fields holding other characters]}; fails when a line is not 240 characters or
// a record's layout does not cover the 240 positions.
'use strict';
const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');
const base = path.join(__dirname, 'node_modules', '@banco-br', 'cnab_yaml', 'cnab240');
// argv[3], optional: a bank's folder in the package (001, 033, 104/sigcb, 756). The package's
// bank files list only the fields the bank places differently: each replaces the generic
// fields it overlaps.
const bank = process.argv[3];
const read = (p) => yaml.load(fs.readFileSync(p, 'utf8'));
const load = (f) => {
  const layout = read(path.join(base, 'generic', f));
  if (!bank) return layout;
  const candidates = [];
  if (!f.includes('/')) candidates.push(path.join(base, bank, 'remessa', f));
  candidates.push(path.join(base, bank, f));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) return layout;
  for (const [name, spec] of Object.entries(read(found))) {
    const [from, to] = spec.pos;
    for (const [g, gs] of Object.entries(layout)) {
      if (gs.pos[0] <= to && from <= gs.pos[1]) delete layout[g];
    }
    layout[name] = spec;
  }
  return layout;
};
const layouts = {
  '0': load('header_arquivo.yml'),
  '1': load('header_lote.yml'),
  '5': load('trailer_lote.yml'),
  '9': load('trailer_arquivo.yml'),
  P: load('remessa/detalhe_segmento_p.yml'),
  Q: load('remessa/detalhe_segmento_q.yml'),
  R: load('remessa/detalhe_segmento_r.yml'),
  T: load('retorno/detalhe_segmento_t.yml'),
  U: load('retorno/detalhe_segmento_u.yml'),
};
const text = fs.readFileSync(process.argv[2], 'latin1');
const out = text.split(/\r?\n/).filter((l) => l.length > 0).map((line, i) => {
  if (line.length !== 240) throw new Error(`linha ${i + 1}: ${line.length} caracteres`);
  const record = line[7];
  const segment = record === '3' ? line[13] : null;
  const layout = layouts[segment || record];
  if (!layout) throw new Error(`linha ${i + 1}: registro ${record}${segment || ''} sem layout`);
  const covered = new Array(241).fill(false);
  const fields = {};
  const nonNumeric = [];
  for (const [name, spec] of Object.entries(layout)) {
    const [from, to] = spec.pos;
    for (let p = from; p <= to; p++) covered[p] = true;
    fields[name] = line.substring(from - 1, to);
    if (spec.picture && spec.picture.startsWith('9') && !/^[0-9]*$/.test(fields[name].trim() ? fields[name] : '0')) {
      nonNumeric.push(name);
    }
  }
  const gaps = covered.slice(1).map((c, p) => (c ? null : p + 1)).filter((p) => p !== null);
  if (gaps.length) throw new Error(`linha ${i + 1}: posições sem campo ${gaps.slice(0, 5)}`);
  return { record, segment, fields, nonNumeric };
});
process.stdout.write(JSON.stringify(out));
