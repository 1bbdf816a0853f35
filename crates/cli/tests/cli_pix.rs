//! `retaguarda pix encode` and `pix decode`, run as a process.

use crate::common;

use common::{run, run_json};

/// One EMV field: id, two-digit length, value.
fn tlv(id: &str, value: &str) -> String {
    format!("{id}{:02}{value}", value.chars().count())
}

/// CRC-16/CCITT-FALSE in upper-case hex, as the BR Code's field 63 carries it.
fn crc16(data: &str) -> String {
    let mut crc: u16 = 0xFFFF;
    for &byte in data.as_bytes() {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    format!("{crc:04X}")
}

/// Closes a payload with field 63 and its CRC.
fn with_crc(body: &str) -> String {
    let covered = format!("{body}6304");
    let crc = crc16(&covered);
    format!("{covered}{crc}")
}

const BCB_VECTOR: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

#[test]
fn encode_reproduces_the_bcb_vector() {
    let (code, v) = run_json(&[
        "pix",
        "encode",
        "--key",
        "123e4567-e12b-12d1-a456-426655440000",
        "--name",
        "Fulano de Tal",
        "--city",
        "BRASILIA",
    ]);
    assert_eq!(code, 0);
    assert_eq!(v["payload"], BCB_VECTOR);
    let r = run(&[
        "pix",
        "encode",
        "--key",
        "123e4567-e12b-12d1-a456-426655440000",
        "--name",
        "Fulano de Tal",
        "--city",
        "BRASILIA",
    ]);
    assert_eq!(r.stdout, format!("Pix copia e cola:\n{BCB_VECTOR}\n"));
}

#[test]
fn encode_with_amount_in_brazilian_format_and_svg_file() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("qr.svg");
    let (code, v) = run_json(&[
        "pix",
        "encode",
        "--key",
        "+55 11 98765-4321",
        "--name",
        "Salão da Conceição",
        "--city",
        "São Paulo",
        "--amount",
        "1.234,50",
        "--txid",
        "CORTE42",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let payload = v["payload"].as_str().unwrap();
    assert!(payload.contains("0114+5511987654321"), "{payload}");
    assert!(payload.contains("54071234.50"), "{payload}");
    assert!(payload.contains("5918Salao da Conceicao"), "{payload}");
    assert!(payload.contains("6009Sao Paulo"), "{payload}");
    let image = std::fs::read_to_string(&svg).unwrap();
    assert!(image.contains("<svg"));

    let (code, back) = run_json(&["pix", "decode", payload]);
    assert_eq!(code, 0);
    assert_eq!(back["valor"], "1234.50");
    assert_eq!(back["txid"], "CORTE42");
    assert_eq!(back["chave"], "+5511987654321");
}

#[test]
fn decode_prints_readable_fields() {
    let r = run(&["pix", "decode", BCB_VECTOR]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Pix estático"));
    assert!(r.stdout.contains("Recebedor: Fulano de Tal"));
    assert!(r.stdout.contains("Cidade: BRASILIA"));
    assert!(r.stdout.contains("Valor: livre"));
    // Unquoted payload with spaces in the name is joined back.
    let parts: Vec<&str> = BCB_VECTOR.split(' ').collect();
    let mut args = vec!["pix", "decode"];
    args.extend(parts);
    assert_eq!(run(&args).code, 0);
}

#[test]
fn bad_input_exits_non_zero_with_a_portuguese_message() {
    let bad = BCB_VECTOR.replace("1D3D", "1D3E");
    let r = run(&["pix", "decode", &bad]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("CRC do código Pix não confere"),
        "{}",
        r.stderr
    );

    let r = run(&[
        "pix", "encode", "--key", "padaria", "--name", "A", "--city", "B",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("não reconheci a chave Pix"),
        "{}",
        r.stderr
    );

    let (code, v) = run_json(&[
        "pix", "encode", "--key", "a@b.com", "--name", "A", "--city", "B", "--amount", "dez",
    ]);
    assert_eq!(code, 1);
    assert_eq!(v["ok"], false);
    assert!(v["erro"].as_str().unwrap().contains("valor 'dez' inválido"));

    let r = run(&[
        "pix",
        "encode",
        "--key",
        "a@b.com",
        "--name",
        "A",
        "--city",
        "B",
        "--svg",
        "/nonexistent-dir/qr.svg",
    ]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("não foi possível usar o arquivo"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_test_crc_reproduces_the_bcb_vector() {
    let body = BCB_VECTOR.strip_suffix("63041D3D").unwrap();
    assert_eq!(with_crc(body), BCB_VECTOR);
}

#[test]
fn encode_with_a_description_puts_it_in_field_26_and_decode_reads_it_back() {
    let args = [
        "pix",
        "encode",
        "--key",
        "+55 11 98765-4321",
        "--name",
        "Padaria Pao Quente",
        "--city",
        "Recife",
        "--description",
        "Bolo de aniversário",
    ];
    let (code, v) = run_json(&args);
    assert_eq!(code, 0, "{v}");
    let payload = v["payload"].as_str().unwrap();
    // Field 26 holds the GUI, the key and, as 26.02, the description without accents.
    let account = [
        tlv("00", "br.gov.bcb.pix"),
        tlv("01", "+5511987654321"),
        tlv("02", "Bolo de aniversario"),
    ]
    .concat();
    let expected = with_crc(&format!(
        "000201{}5204000053039865802BR{}{}{}",
        tlv("26", &account),
        tlv("59", "Padaria Pao Quente"),
        tlv("60", "Recife"),
        tlv("62", &tlv("05", "***")),
    ));
    assert_eq!(payload, expected);

    let (code, back) = run_json(&["pix", "decode", payload]);
    assert_eq!(code, 0, "{back}");
    assert_eq!(back["descricao"], "Bolo de aniversario");
    assert_eq!(back["tipo"], "estatico");
    let r = run(&["pix", "decode", payload]);
    assert!(
        r.stdout.contains("Descrição: Bolo de aniversario"),
        "{}",
        r.stdout
    );

    // With this key, 59 characters fit in field 26 besides the GUI and the key.
    let mut long = args.to_vec();
    let too_long = "x".repeat(60);
    long[9] = &too_long;
    let r = run(&long);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no máximo 59 caracteres"), "{}", r.stderr);
    let fits = "x".repeat(59);
    long[9] = &fits;
    assert_eq!(run(&long).code, 0);
}

#[test]
fn decode_reads_a_dynamic_code_with_its_url() {
    let url = "pix.example.com/qr/v2/cobv/9d36b84fc70b478fb95c12729b90ca25";
    let account = [tlv("00", "br.gov.bcb.pix"), tlv("25", url)].concat();
    let payload = with_crc(&format!(
        "000201010212{}520400005303986{}5802BR{}{}{}",
        tlv("26", &account),
        tlv("54", "35.90"),
        tlv("59", "Fulano de Tal"),
        tlv("60", "BRASILIA"),
        tlv("62", &tlv("05", "***")),
    ));

    let r = run(&["pix", "decode", &payload]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Pix dinâmico"), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!("Endereço: {url}\n")),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Chave"), "{}", r.stdout);
    assert!(r.stdout.contains("Valor: R$ 35,90"), "{}", r.stdout);
    assert!(
        r.stdout.contains("Recebedor: Fulano de Tal"),
        "{}",
        r.stdout
    );

    let (code, v) = run_json(&["pix", "decode", &payload]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["tipo"], "dinamico");
    assert_eq!(v["url"], url);
    assert!(v["chave"].is_null(), "{v}");
    assert_eq!(v["metodo_iniciacao"], "12");
    assert_eq!(v["valor"], "35.90");
    assert_eq!(v["crc"], payload[payload.len() - 4..]);

    // One character of the URL changed without a new CRC is refused.
    let tampered = payload.replacen("cobv", "cobx", 1);
    let r = run(&["pix", "decode", &tampered]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("CRC do código Pix não confere"),
        "{}",
        r.stderr
    );
}
