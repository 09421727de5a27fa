//! `spectacular`: drf-spectacular's `manage.py spectacular`, the project's OpenAPI document on
//! standard output or in a file, YAML (`--format openapi`, the default) or JSON
//! (`--format openapi-json`, indented by 4 as spectacular writes it).

use super::{CommandError, Project, connect};
use crate::renderers::Renderer;
use crate::schemas::{OpenApiJsonRenderer, SchemaGenerator, yaml};

/// The document's formats, as spectacular's `--format` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaFormat {
    /// YAML.
    Openapi,
    /// JSON.
    OpenapiJson,
}

/// Runs the `spectacular` command.
pub(crate) async fn run<P: Project>(format: SchemaFormat, file: Option<&str>) -> Result<(), CommandError> {
    let db = connect().await?;
    let app = P::app(&db).await?;
    let document = SchemaGenerator::new(&app).get_schema();
    let text = match format {
        SchemaFormat::Openapi => yaml::to_yaml(&document).into_bytes(),
        SchemaFormat::OpenapiJson => OpenApiJsonRenderer("application/vnd.oai.openapi+json")
            .render(&document, "application/vnd.oai.openapi+json")
            .map_err(|e| CommandError::new(format!("cannot render the schema: {e}")))?
            .to_vec(),
    };
    match file {
        Some(path) => std::fs::write(path, text).map_err(|e| CommandError::new(format!("cannot write {path}: {e}"))),
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&text).map_err(|e| CommandError::new(format!("cannot write the schema: {e}")))
        }
    }
}
