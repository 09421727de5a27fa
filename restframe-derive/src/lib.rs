//! Proc macros for restframe. Each macro parses its input into a small model, checks it, and
//! generates code that calls `::restframe` runtime items; every misuse is a compile error that
//! points at the offending token.

use proc_macro::TokenStream;

mod view;

/// Put on an `impl APIView for MyView` block: records the handlers it defines (for routing,
/// 405s and the `Allow` header), the view's DRF name (`HelloView` → `Hello`) and its
/// description (the impl block's doc comment) by implementing `restframe::views::ViewMeta`.
///
/// ```ignore
/// /// Say hello.
/// #[api_view]
/// impl APIView for HelloView {
///     async fn get(&self, request: &Request) -> Result<Response, ApiError> { ... }
/// }
/// ```
#[proc_macro_attribute]
pub fn api_view(args: TokenStream, input: TokenStream) -> TokenStream {
    view::expand(args.into(), input.into()).into()
}
