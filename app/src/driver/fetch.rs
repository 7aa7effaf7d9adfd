//! HTTP GET for the core's [`Output::Fetch`](deskphone_core::phone::Output::Fetch): pages of
//! the XML browser and remote phonebooks. The browser's fetch follows redirects; a server on
//! another origin must allow this page's (CORS `Access-Control-Allow-Origin`), or the
//! browser refuses and the phone says the page could not be loaded.

use deskphone_core::phone::xml_browser::MAX_DOCUMENT;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The body of `url` as text, or a sentence for the screen.
pub async fn text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "no answer (network or CORS)".to_string())?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "not an HTTP response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let body = JsFuture::from(response.text().map_err(|_| "no body".to_string())?)
        .await
        .map_err(|_| "the body could not be read".to_string())?;
    let body = body.as_string().ok_or("the body is not text")?;
    if body.len() > MAX_DOCUMENT {
        return Err(format!(
            "the page is larger than {} KiB",
            MAX_DOCUMENT / 1024
        ));
    }
    Ok(body)
}
