//! Writes a value of the rule model (and the photo specs) as a Rust expression,
//! so the catalog and the specs are compiled in as `static`s (no decoder in the wasm, nothing to decode when
//! the widget starts; BENCHMARKS.md has the figures).
//!
//! The model's strings are `Cow<'static, str>` and its lists
//! `Cow<'static, [T]>`, so every string becomes `Cow::Borrowed("…")` and every
//! sequence `Cow::Borrowed(&[…])`. Enum variants arrive renamed by
//! `#[serde(rename_all)]` (`own_or_related`, `id-front`); they are turned back
//! into the Rust names (`OwnOrRelated`, `IdFront`), which holds as long as the
//! model renames only with `rename_all` (the model's invariant says so).

use serde::ser::{self, Serialize};
use std::fmt::{self, Write};

pub fn to_rust<T: Serialize>(value: &T) -> Result<String, Error> {
    let mut out = Emitter { out: String::new() };
    value.serialize(&mut out)?;
    Ok(out.out)
}

#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

fn unsupported(what: &str) -> Result<(), Error> {
    Err(Error(format!(
        "the rule model has a {what}, which build/rust_literal.rs does not write"
    )))
}

/// `own_or_related` / `id-front` → `OwnOrRelated` / `IdFront`.
fn rust_variant(renamed: &str) -> String {
    renamed
        .split(['_', '-'])
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

struct Emitter {
    out: String,
}

const COW: &str = "::std::borrow::Cow::Borrowed";

impl<'a> ser::Serializer for &'a mut Emitter {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = &'a mut Emitter;
    type SerializeTuple = &'a mut Emitter;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = &'a mut Emitter;
    type SerializeStructVariant = &'a mut Emitter;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        write!(self.out, "{v}").map_err(ser::Error::custom)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        write!(self.out, "{v}").map_err(ser::Error::custom)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        write!(self.out, "{v}").map_err(ser::Error::custom)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // `{:?}` is the shortest text that reads back to the same f32 (`0.5`,
        // `1e-5`); the suffix keeps it an f32 literal.
        if !v.is_finite() {
            return unsupported("non-finite number");
        }
        write!(self.out, "{v:?}f32").map_err(ser::Error::custom)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return unsupported("non-finite number");
        }
        write!(self.out, "{v:?}f64").map_err(ser::Error::custom)
    }
    fn serialize_char(self, _: char) -> Result<(), Error> {
        unsupported("char")
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        // `{:?}` of a str is a valid Rust string literal.
        write!(self.out, "{COW}({v:?})").map_err(ser::Error::custom)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        unsupported("byte string")
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_str("None");
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        self.out.push_str("Some(");
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        unsupported("unit value")
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Error> {
        self.out.push_str(name);
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        write!(self.out, "{name}::{}", rust_variant(variant)).map_err(ser::Error::custom)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        write!(self.out, "{name}(").map_err(ser::Error::custom)?;
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        write!(self.out, "{name}::{}(", rust_variant(variant)).map_err(ser::Error::custom)?;
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<&'a mut Emitter, Error> {
        write!(self.out, "{COW}(&[").map_err(ser::Error::custom)?;
        Ok(self)
    }
    /// Fixed-size arrays (`[u32; 2]`) arrive as tuples.
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        self.out.push('[');
        Ok(self)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(Error("the rule model has a tuple struct".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error("the rule model has a tuple variant".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Error("the rule model has a map".into()))
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<&'a mut Emitter, Error> {
        write!(self.out, "{name} {{").map_err(ser::Error::custom)?;
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<&'a mut Emitter, Error> {
        write!(self.out, "{name}::{} {{", rust_variant(variant)).map_err(ser::Error::custom)?;
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Emitter {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)?;
        self.out.push_str(",\n");
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        self.out.push_str("])");
        Ok(())
    }
}

/// `[a, b]`: a fixed-size array, written as its elements in brackets.
impl ser::SerializeTuple for &mut Emitter {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        self.out.push(']');
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Emitter {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        write!(self.out, "{key}: ").map_err(ser::Error::custom)?;
        value.serialize(&mut **self)?;
        self.out.push_str(", ");
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        self.out.push('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Emitter {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.out.push('}');
        Ok(())
    }
}
