//! Helpers for the reconciliation tests: OFX statements written as text and parsed by the
//! real parser, so the tests exercise what a bank file produces.
#![allow(dead_code)]

use retaguarda_core::formats::ofx::{self, Statement};

/// One bank line: FITID, date `YYYYMMDD`, signed amount text, memo.
pub struct Line<'a>(pub &'a str, pub &'a str, pub &'a str, pub &'a str);

/// An OFX 1.x statement with the given lines and, if given, `LEDGERBAL` (amount, date).
pub fn statement(lines: &[Line<'_>], ledger: Option<(&str, &str)>) -> Statement {
    let mut s = String::from(
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nENCODING:UTF-8\nCHARSET:NONE\n\n<OFX>\n\
         <BANKMSGSRSV1><STMTTRNRS><STMTRS>\n<CURDEF>BRL\n<BANKACCTFROM>\n<BANKID>0001\n\
         <ACCTID>12345-6\n<ACCTTYPE>CHECKING\n</BANKACCTFROM>\n<BANKTRANLIST>\n",
    );
    for Line(fitid, date, amount, memo) in lines {
        let kind = if amount.starts_with('-') {
            "DEBIT"
        } else {
            "CREDIT"
        };
        s.push_str(&format!(
            "<STMTTRN>\n<TRNTYPE>{kind}\n<DTPOSTED>{date}\n<TRNAMT>{amount}\n<FITID>{fitid}\n<MEMO>{memo}\n</STMTTRN>\n"
        ));
    }
    s.push_str("</BANKTRANLIST>\n");
    if let Some((amount, date)) = ledger {
        s.push_str(&format!(
            "<LEDGERBAL>\n<BALAMT>{amount}\n<DTASOF>{date}\n</LEDGERBAL>\n"
        ));
    }
    s.push_str("</STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n");
    ofx::parse(s.as_bytes()).expect("test statement parses")
}
