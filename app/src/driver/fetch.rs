//! HTTP GET for the core: pages of the XML browser and remote phonebooks
//! ([`Output::Fetch`](deskphone_core::phone::Output::Fetch)), and provisioning files. The
//! browser's fetch follows redirects; a server on another origin must allow this page's
//! (CORS `Access-Control-Allow-Origin`, and `Access-Control-Allow-Headers: Authorization`
//! for a server with a password), or the browser refuses and the phone says so.

use deskphone_core::config::provision::{Fetched, Request};
use deskphone_core::config::MAX_FILE;
use deskphone_core::phone::xml_browser::MAX_DOCUMENT;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why a fetch got no body.
enum Failure {
    Status(u16),
    Other(String),
}

/// The body of `url` as text, or a sentence for the screen.
pub async fn text(url: &str) -> Result<String, String> {
    get(url, None, MAX_DOCUMENT).await.map_err(|e| match e {
        Failure::Status(s) => format!("HTTP {s}"),
        Failure::Other(why) => why,
    })
}

/// A provisioning file, with the request's credentials (Basic authentication).
pub async fn file(request: &Request) -> Fetched {
    match get(&request.url, request.auth.as_ref(), MAX_FILE).await {
        Ok(body) => Fetched::Body(body),
        Err(Failure::Status(404)) => Fetched::NotFound,
        Err(Failure::Status(401)) => {
            Fetched::Failed("HTTP 401: user name or password refused".into())
        }
        Err(Failure::Status(s)) => Fetched::Failed(format!("HTTP {s}")),
        Err(Failure::Other(why)) => Fetched::Failed(why),
    }
}

/// GET `url` and forget it (an action URL): the answer is not read, so a server on
/// another origin need not allow this page (the request goes as `no-cors`).
pub fn fire(url: &str) {
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_mode(web_sys::RequestMode::NoCors);
    init.set_cache(web_sys::RequestCache::NoStore);
    let (Some(window), Ok(request)) = (
        web_sys::window(),
        web_sys::Request::new_with_str_and_init(url, &init),
    ) else {
        web_sys::console::warn_1(&format!("action URL {url}: not a URL").into());
        return;
    };
    let sent = window.fetch_with_request(&request);
    let url = url.to_string();
    wasm_bindgen_futures::spawn_local(async move {
        if JsFuture::from(sent).await.is_err() {
            web_sys::console::warn_1(&format!("action URL {url}: no answer").into());
        }
    });
}

/// GET `url` (with Basic credentials `auth`), its body if it is at most `limit` bytes.
async fn get(url: &str, auth: Option<&(String, String)>, limit: usize) -> Result<String, Failure> {
    let other = |s: &str| Failure::Other(s.to_string());
    let window = web_sys::window().ok_or(other("no window"))?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_cache(web_sys::RequestCache::NoStore);
    if let Some((user, password)) = auth {
        let headers = web_sys::Headers::new().map_err(|_| other("no headers"))?;
        let token = window
            .btoa(&format!("{user}:{password}"))
            .map_err(|_| other("the user name or password has characters HTTP cannot send"))?;
        headers
            .set("Authorization", &format!("Basic {token}"))
            .map_err(|_| other("no headers"))?;
        init.set_headers(&headers);
    }
    let request =
        web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| other("not a URL"))?;
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| other("no answer (network or CORS)"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| other("not an HTTP response"))?;
    if !response.ok() {
        return Err(Failure::Status(response.status()));
    }
    let body = JsFuture::from(response.text().map_err(|_| other("no body"))?)
        .await
        .map_err(|_| other("the body could not be read"))?;
    let body = body.as_string().ok_or(other("the body is not text"))?;
    if body.len() > limit {
        return Err(Failure::Other(format!("larger than {} KiB", limit / 1024)));
    }
    Ok(body)
}
