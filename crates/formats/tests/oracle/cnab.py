"""Reads a CNAB 240 file with python3-cnab 1.0.11 (vendored unchanged in python3_cnab/):
argv[1] the bank's folder in the package (itau, bradesco, banco_brasil, cef, santander,
sicoob), argv[2] the file. Each line is read by the bank's spec for its record (header de
arquivo, header de lote, segment P/Q/R/T/U, trailers; the retorno variants where the bank
has them), with the package's own reader, which fails on a non-numeric value in a numeric
field (fillers aside, see below). Writes a JSON array, one object per line: {record, segment, fields: {name: text}}.
"""
import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, 'python3_cnab'))

from cnab240 import bancos  # noqa: E402

bank = getattr(bancos, sys.argv[1])
registros = bank.registros
with open(sys.argv[2], encoding='latin-1', newline='') as f:
    lines = [line for line in f.read().split('\r\n') if line]
retorno = lines[0][142] == '2'


def spec(name):
    """The record class, preferring the bank's retorno variant for a retorno."""
    if retorno and hasattr(registros, name + 'Ret'):
        return getattr(registros, name + 'Ret')
    return getattr(registros, name)


NAMES = {'0': 'HeaderArquivo', '1': 'HeaderLoteCobranca', '5': 'TrailerLoteCobranca',
         '9': 'TrailerArquivo'}
out = []
for i, line in enumerate(lines):
    if len(line) != 240:
        raise SystemExit('linha %d: %d caracteres' % (i + 1, len(line)))
    record = line[7]
    segment = line[13] if record == '3' else None
    cls = spec('Segmento' + segment) if segment else spec(NAMES[record])
    reg = cls()
    # Fillers (the package's vazio* fields) are not data: manuals disagree whether a filler
    # is blanks or zeros, so a blank filler the spec calls numeric is let through.
    for campo in reg._campos.values():
        if campo.nome.startswith('vazio'):
            campo.ignore = True
    try:
        reg.carregar(line)
    except Exception as e:  # the package's TipoError names the field, not the line
        raise SystemExit('linha %d (%s%s): %s' % (i + 1, record, segment or '', e))
    fields = {name: str(campo.valor) for name, campo in reg._campos.items()}
    out.append({'record': record, 'segment': segment, 'fields': fields})
sys.stdout.write(json.dumps(out))
