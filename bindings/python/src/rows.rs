//! Report rows as typed Python objects (issue 18, item 2): every row and every report a call
//! returns is a frozen class that holds the core's value and forwards typed getters to it, with
//! `__eq__` (the core's equality), a `repr` naming the class and its fields, and `to_dict()`
//! giving the plain dict the call returned before the row was a class.
//!
//! [`row_class!`] declares such a class; the getters are written beside it.

use serde_json::Value;

/// The longest text a `repr` shows of one field before it is cut.
const REPR_TEXT: usize = 60;

/// Declares a frozen Python class over a core value (`inner`) with `__eq__`, a generic
/// `__repr__` ([`repr`]) and `to_dict()` (the value through `$dict`, the function that made
/// the dict before: [`crate::billing::to_dict`] turns amounts into `Decimal`,
/// [`crate::convert::to_python`] leaves them text). The getters are given in the braces.
macro_rules! row_class {
    (
        $(#[$meta:meta])*
        $name:ident($inner:ty), dict: $dict:path;
        { $($body:tt)* }
    ) => {
        $(#[$meta])*
        #[pyclass(module = "mspkit", frozen, eq)]
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            /// The core's value.
            pub(crate) inner: $inner,
        }

        impl From<$inner> for $name {
            fn from(inner: $inner) -> Self {
                Self { inner }
            }
        }

        #[pymethods]
        impl $name {
            $($body)*

            /// The row as plain Python objects: the dict the call returned before it was a class.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                $dict(py, &self.inner)
            }

            fn __repr__(&self) -> String {
                $crate::rows::repr(stringify!($name), &self.inner)
            }
        }
    };
}
pub(crate) use row_class;

/// Wraps each of `items` (cloned) in its row class.
pub fn wrap<T: Clone, R: From<T>>(items: &[T]) -> Vec<R> {
    items.iter().cloned().map(R::from).collect()
}

/// `Name(field=value, …)`: the fields of `value`'s JSON in their order, texts quoted and cut to
/// [`REPR_TEXT`] characters (control characters escaped), lists and mappings by their length.
pub fn repr(name: &str, value: &impl serde::Serialize) -> String {
    let Ok(text) = serde_json::to_string(value) else {
        return format!("{name}()");
    };
    match serde_json::from_str::<Fields>(&text) {
        Ok(Fields(fields)) => {
            let shown: Vec<String> = fields.iter().map(|(key, v)| format!("{key}={}", literal(v))).collect();
            format!("{name}({})", shown.join(", "))
        }
        Err(_) => serde_json::from_str::<Value>(&text)
            .map_or_else(|_| format!("{name}()"), |v| format!("{name}({})", literal(&v))),
    }
}

/// A JSON object's fields in the order they were written (`serde_json`'s map sorts its keys).
struct Fields(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// One field's value as a `repr` shows it.
fn literal(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("'{}'", mspkit::text::shown(s, REPR_TEXT).replace('\'', "\\'")),
        Value::Array(items) => format!("[{} items]", items.len()),
        Value::Object(fields) => format!("{{{} keys}}", fields.len()),
    }
}
