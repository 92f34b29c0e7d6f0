// TEMPORARY: stands in for crate::doctext until it lands.
#[derive(Debug, Clone, Default)]
pub struct Limits;
#[derive(Debug, Clone)]
pub struct DocText {
    pub path: String,
    pub media_type: String,
    pub text: Option<String>,
    pub note: Option<String>,
}
pub fn extract_in_process(name: &str, media_type: &str, bytes: &[u8], _: &Limits) -> Vec<DocText> {
    let text = media_type
        .starts_with("text/")
        .then(|| String::from_utf8_lossy(bytes).into_owned());
    vec![DocText {
        path: name.into(),
        media_type: media_type.into(),
        text,
        note: None,
    }]
}
pub fn extract_isolated(
    _: &std::path::Path,
    name: &str,
    media_type: &str,
    bytes: &[u8],
    l: &Limits,
) -> Vec<DocText> {
    extract_in_process(name, media_type, bytes, l)
}
