//! Pix key detection and validation.

use retaguarda_formats::pix::{PixError, PixKey};

#[test]
fn detects_each_kind() {
    assert!(matches!(
        PixKey::parse("529.982.247-25"),
        Ok(PixKey::Cpf(_))
    ));
    assert!(matches!(PixKey::parse("52998224725"), Ok(PixKey::Cpf(_))));
    assert!(matches!(
        PixKey::parse("11.222.333/0001-81"),
        Ok(PixKey::Cnpj(_))
    ));
    assert!(matches!(
        PixKey::parse("12ABC34501DE35"),
        Ok(PixKey::Cnpj(_))
    ));
    assert_eq!(
        PixKey::parse("+55 (11) 98765-4321"),
        Ok(PixKey::Phone("+5511987654321".into()))
    );
    assert_eq!(
        PixKey::parse("(21) 3456-7890"),
        Ok(PixKey::Phone("+552134567890".into()))
    );
    assert_eq!(
        PixKey::parse(" Maria.Silva@Exemplo.com.BR "),
        Ok(PixKey::Email("maria.silva@exemplo.com.br".into()))
    );
    assert_eq!(
        PixKey::parse("123E4567-E89B-12D3-A456-426614174000"),
        Ok(PixKey::Random(
            "123e4567-e89b-12d3-a456-426614174000".into()
        ))
    );
}

#[test]
fn payload_form_and_labels() {
    let k = PixKey::parse("529.982.247-25").unwrap();
    assert_eq!(k.as_payload(), "52998224725");
    assert_eq!(k.kind_label(), "CPF");
    assert_eq!(
        PixKey::parse("+5511987654321").unwrap().kind_label(),
        "telefone"
    );
}

#[test]
fn rejects_with_reasons() {
    assert_eq!(PixKey::parse(" "), Err(PixError::KeyEmpty));
    assert!(matches!(
        PixKey::parse("529.982.247-26"),
        Err(PixError::KeyDoc(_))
    ));
    assert_eq!(PixKey::parse("+1 415 555 0100"), Err(PixError::KeyPhone));
    assert_eq!(PixKey::parse("+55 0 98765-4321"), Err(PixError::KeyPhone));
    assert_eq!(PixKey::parse("+55119876"), Err(PixError::KeyPhone));
    assert!(matches!(
        PixKey::parse("maria@@exemplo.com"),
        Err(PixError::KeyEmail(_))
    ));
    assert!(matches!(
        PixKey::parse("maria@exemplo"),
        Err(PixError::KeyEmail(_))
    ));
    assert!(matches!(
        PixKey::parse("joão@exemplo.com"),
        Err(PixError::KeyEmail(_))
    ));
    assert_eq!(
        PixKey::parse("123e4567-e89b-12d3-a456-42661417400g"),
        Err(PixError::KeyRandom)
    );
    assert_eq!(PixKey::parse("11987654321"), Err(PixError::KeyCpfOrPhone));
    assert_eq!(PixKey::parse("padaria"), Err(PixError::KeyUnknown));
    assert_eq!(
        PixKey::parse("padaria").unwrap_err().to_string(),
        "não reconheci a chave Pix: use CPF, CNPJ, telefone com +55, e-mail ou chave aleatória"
    );
}
