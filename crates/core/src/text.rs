//! Text rules shared by searches: the one accent folding, so "joao" finds "João" in the
//! customer search and "acougue" matches "Açougue" in the bank-statement matcher alike.

/// A lower-case letter without its accent (Portuguese accents and the cedilla); any other
/// character unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        other => other,
    }
}

/// Lower-case text without accents: what searches compare.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .collect()
}

/// The ASCII digits of a text, in order ("(11) 98765-4321" gives "11987654321").
pub fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}
