//! Turning a TOML or serde error into a `config-error` with a dotted path.
//!
//! The toml crate reports where an error is (a byte span) but not which key
//! it belongs to, so the document is parsed again into its spanned form and
//! the innermost key whose key or value covers the span names the path.
//! "missing field" errors point at the table that lacks the field, so the
//! field is appended to that table's path.

use switchboard_sdk::ConfigError;
use toml::de::{DeTable, DeValue};

/// The `config-error` for a failed `toml::from_str`.
pub(crate) fn error(doc: &str, err: &toml::de::Error) -> ConfigError {
    let message = err.message().trim().to_owned();
    let Some(span) = err.span() else {
        return ConfigError { path: String::new(), message };
    };
    let Ok(table) = DeTable::parse(doc) else {
        // Not even valid TOML: say where, as a path cannot be had.
        let (line, column) = line_column(doc, span.start);
        return ConfigError { path: String::new(), message: format!("line {line}, column {column}: {message}") };
    };
    let mut path = find(table.get_ref(), &span, "").unwrap_or_default();
    if let Some(field) = quoted_after(&message, "missing field `") {
        path = join(&path, field);
        return ConfigError { path, message: "is required".into() };
    }
    ConfigError { path, message }
}

/// The innermost path whose key or value span covers `span`.
fn find(table: &DeTable<'_>, span: &core::ops::Range<usize>, prefix: &str) -> Option<String> {
    for (key, value) in table.iter() {
        let path = join(prefix, key.get_ref());
        if let Some(inner) = find_in_value(value.get_ref(), span, &path) {
            return Some(inner);
        }
        if covers(&key.span(), span) || covers(&value.span(), span) {
            return Some(path);
        }
    }
    None
}

fn find_in_value(value: &DeValue<'_>, span: &core::ops::Range<usize>, path: &str) -> Option<String> {
    match value {
        DeValue::Table(t) => find(t, span, path),
        DeValue::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let item_path = format!("{path}[{i}]");
            find_in_value(item.get_ref(), span, &item_path).or_else(|| covers(&item.span(), span).then_some(item_path))
        }),
        _ => None,
    }
}

fn covers(outer: &core::ops::Range<usize>, inner: &core::ops::Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() { key.to_owned() } else { format!("{prefix}.{key}") }
}

/// The text between `marker` and the next backtick.
fn quoted_after<'m>(message: &'m str, marker: &str) -> Option<&'m str> {
    let rest = &message[message.find(marker)? + marker.len()..];
    rest.split('`').next()
}

/// 1-based line and column of a byte offset.
fn line_column(doc: &str, offset: usize) -> (usize, usize) {
    let before = doc.get(..offset).unwrap_or(doc);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
