//! `retaguarda pix encode` and `pix decode`, run as a process.

mod common;

use common::{run, run_json};

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
