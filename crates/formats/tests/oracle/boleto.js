// Issues boletos with the npm package gerar-boletos (an independent implementation of each
// bank's campo livre, barcode and linha digitável) for the formats tests to compare with.
// Reads a JSON array of cases on stdin, writes a JSON array of {barcode, linha}.
// Run with TZ=UTC: the package counts days between local-time dates.
'use strict';
const path = require('path');
const lib = path.join(__dirname, 'node_modules', 'gerar-boletos', 'lib');
const { Datas, Beneficiario, Boleto } = require(path.join(lib, 'utils', 'functions', 'boletoUtils.js'));
const linhaDigitavel = require(path.join(lib, 'boleto', 'gerador-de-linha-digitavel.js'));
const banks = {
  '001': require(path.join(lib, 'boleto', 'bancos', 'banco-do-brasil.js')),
  '237': require(path.join(lib, 'boleto', 'bancos', 'bradesco.js')),
  '341': require(path.join(lib, 'boleto', 'bancos', 'itau.js')),
  '104': require(path.join(lib, 'boleto', 'bancos', 'caixa.js')),
  '033': require(path.join(lib, 'boleto', 'bancos', 'santander.js')),
  '756': require(path.join(lib, 'boleto', 'bancos', 'sicoob.js')),
};

const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = input.map((c) => {
  const datas = Datas.novasDatas();
  // Set directly: comVencimento refuses years from 2024 on (a sanity check of the package's
  // own, not part of the fator), while its fator counts days from 1997-10-07 up to 9999.
  datas._vencimento = new Date(c.vencimento + 'T00:00:00Z');
  const b = Beneficiario.novoBeneficiario();
  b.comAgencia(c.agencia);
  b.comCarteira(c.carteira);
  b.comCodigoBeneficiario(c.codigo);
  b.comNossoNumero(c.nossoNumero);
  if (c.digitoNossoNumero !== undefined) b.comDigitoNossoNumero(c.digitoNossoNumero);
  if (c.digitoCodigo !== undefined) b.comDigitoCodigoBeneficiario(c.digitoCodigo);
  const banco = new banks[c.banco]();
  const boleto = Boleto.novoBoleto();
  boleto.comDatas(datas);
  boleto.comBeneficiario(b);
  boleto.comBanco(banco);
  boleto.comValorBoleto(c.valor);
  const barcode = banco.geraCodigoDeBarrasPara(boleto);
  return { barcode, linha: linhaDigitavel(barcode, banco).replace(/[^0-9]/g, '') };
});
process.stdout.write(JSON.stringify(out));
