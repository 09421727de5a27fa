//! The wrapper around generated items (serde_derive's `dummy.rs`): an anonymous `const` keeps the
//! helper items out of the user's namespace, and the `allow`s keep lints about generated names
//! quiet in the user's crate.

use proc_macro2::TokenStream;
use quote::quote;

/// `const _: () = { #items };` with the lints generated code may trip silenced.
pub(crate) fn wrap_in_const(items: TokenStream) -> TokenStream {
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, non_camel_case_types, unused_attributes, unused_qualifications, clippy::absolute_paths)]
        const _: () = {
            #items
        };
    }
}
