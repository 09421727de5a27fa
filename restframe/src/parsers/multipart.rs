//! `multipart/form-data` via the `multer` crate.

use bytes::Bytes;

use crate::exceptions::ApiError;
use crate::parsers::{Parsed, Parser, ParserContext, UploadedFile, too_many_fields};

/// `multipart/form-data`: text fields go to `request.data` (repeated names keep the last
/// value), parts with a file name to [`Request::files`](crate::request::Request::files).
/// Errors are 400 `Multipart form parse error - <reason>`; more than
/// `data_upload_max_number_files` files or `data_upload_max_number_fields` fields is a 400 too.
#[derive(Clone, Copy, Debug, Default)]
pub struct MultiPartParser;

impl Parser for MultiPartParser {
    fn media_type(&self) -> &'static str {
        "multipart/form-data"
    }
    async fn parse(&self, body: &Bytes, context: ParserContext<'_>) -> Result<Parsed, ApiError> {
        parse_multipart(body, context).await
    }
}

fn multipart_error(reason: impl std::fmt::Display) -> ApiError {
    ApiError::parse_error(format!("Multipart form parse error - {reason}"))
}

async fn parse_multipart(body: &Bytes, context: ParserContext<'_>) -> Result<Parsed, ApiError> {
    let boundary = multer::parse_boundary(context.content_type)
        .map_err(|_| multipart_error("Invalid boundary in multipart: None"))?;
    let chunk = body.clone();
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(chunk) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut form = super::FormCollector::default();
    let mut files = Vec::new();
    let mut fields = 0usize;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        let content = field.bytes().await.map_err(multipart_error)?;
        match file_name {
            Some(file_name) => {
                if files.len() >= context.limits.max_files {
                    return Err(ApiError::parse_error(
                        "The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES.",
                    ));
                }
                files.push(UploadedFile { field_name: name, file_name, content_type, content });
            }
            None => {
                fields += 1;
                if fields > context.limits.max_fields {
                    return Err(too_many_fields());
                }
                form.push(name, String::from_utf8_lossy(&content).into_owned());
            }
        }
    }
    Ok(form.finish(files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parsers::UploadLimits;

    const CT: &str = "multipart/form-data; boundary=XyZ";

    async fn parse(body: &'static [u8], content_type: &str) -> Result<Parsed, ApiError> {
        let limits = UploadLimits::default();
        MultiPartParser.parse(&Bytes::from_static(body), ParserContext { content_type, limits }).await
    }

    #[tokio::test]
    async fn fields_and_files_are_separated() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n\
--XyZ--\r\n";
        let parsed = parse(body, CT).await.expect("valid multipart");
        assert_eq!(parsed.data, serde_json::json!({"a": "2"}));
        assert_eq!(
            parsed.files,
            vec![UploadedFile {
                field_name: "doc".into(),
                file_name: "x.txt".into(),
                content_type: Some("text/plain".into()),
                content: Bytes::from_static(b"hello"),
            }]
        );
    }

    #[tokio::test]
    async fn missing_boundary_is_a_parse_error() {
        let err = parse(b"--XyZ--\r\n", "multipart/form-data").await.expect_err("no boundary");
        assert_eq!(
            err.body().to_string(),
            r#"{"detail":"Multipart form parse error - Invalid boundary in multipart: None"}"#
        );
    }

    #[tokio::test]
    async fn truncated_body_is_a_parse_error() {
        let err =
            parse(b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", CT).await.expect_err("truncated");
        assert_eq!(err.status(), http::StatusCode::BAD_REQUEST);
        let detail = err.body()["detail"].as_str().unwrap_or_default().to_owned();
        assert!(detail.starts_with("Multipart form parse error - "), "{detail}");
    }
}
