//! A minimal, bounds-checked FlatBuffers reader: tables, scalars, vectors and
//! strings, which is all a `.tflite` file needs. Every read checks its range,
//! so a truncated or corrupted file yields [`NnError::Malformed`], never a panic.

use crate::NnError;

fn bad(what: &'static str) -> NnError {
    NnError::Malformed(what.into())
}

fn slice(buf: &[u8], pos: usize, len: usize) -> Result<&[u8], NnError> {
    let end = pos.checked_add(len).ok_or_else(|| bad("offset overflow"))?;
    buf.get(pos..end)
        .ok_or_else(|| bad("read past the end of the model"))
}

pub(crate) fn u16_at(buf: &[u8], pos: usize) -> Result<u16, NnError> {
    let b = slice(buf, pos, 2)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

pub(crate) fn u32_at(buf: &[u8], pos: usize) -> Result<u32, NnError> {
    let b = slice(buf, pos, 4)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn offset_target(buf: &[u8], pos: usize) -> Result<usize, NnError> {
    let off = u32_at(buf, pos)? as usize;
    pos.checked_add(off).ok_or_else(|| bad("offset overflow"))
}

/// A table: its position and its vtable's.
#[derive(Clone, Copy)]
pub(crate) struct Table<'a> {
    buf: &'a [u8],
    pos: usize,
    vtable: usize,
    vtable_len: usize,
}

impl<'a> Table<'a> {
    /// The root table of a buffer.
    pub(crate) fn root(buf: &'a [u8]) -> Result<Self, NnError> {
        Self::at(buf, offset_target(buf, 0)?)
    }

    fn at(buf: &'a [u8], pos: usize) -> Result<Self, NnError> {
        let soff = u32_at(buf, pos)? as i32 as i64;
        let vtable = (pos as i64)
            .checked_sub(soff)
            .filter(|v| *v >= 0)
            .ok_or_else(|| bad("vtable offset out of range"))? as usize;
        let vtable_len = u16_at(buf, vtable)? as usize;
        if vtable_len < 4 || vtable_len % 2 != 0 {
            return Err(bad("vtable length"));
        }
        slice(buf, vtable, vtable_len)?;
        Ok(Table {
            buf,
            pos,
            vtable,
            vtable_len,
        })
    }

    /// Where field `id` is stored, or None when it is absent (default value).
    fn field(&self, id: usize) -> Result<Option<usize>, NnError> {
        let entry = 4 + 2 * id;
        if entry + 2 > self.vtable_len {
            return Ok(None);
        }
        let off = u16_at(self.buf, self.vtable + entry)? as usize;
        if off == 0 {
            return Ok(None);
        }
        Ok(Some(
            self.pos
                .checked_add(off)
                .ok_or_else(|| bad("field offset"))?,
        ))
    }

    pub(crate) fn u8(&self, id: usize, default: u8) -> Result<u8, NnError> {
        match self.field(id)? {
            Some(p) => Ok(slice(self.buf, p, 1)?[0]),
            None => Ok(default),
        }
    }

    pub(crate) fn bool(&self, id: usize) -> Result<bool, NnError> {
        Ok(self.u8(id, 0)? != 0)
    }

    pub(crate) fn i32(&self, id: usize, default: i32) -> Result<i32, NnError> {
        match self.field(id)? {
            Some(p) => Ok(u32_at(self.buf, p)? as i32),
            None => Ok(default),
        }
    }

    pub(crate) fn u32(&self, id: usize, default: u32) -> Result<u32, NnError> {
        match self.field(id)? {
            Some(p) => u32_at(self.buf, p),
            None => Ok(default),
        }
    }

    pub(crate) fn table(&self, id: usize) -> Result<Option<Table<'a>>, NnError> {
        match self.field(id)? {
            Some(p) => Ok(Some(Table::at(self.buf, offset_target(self.buf, p)?)?)),
            None => Ok(None),
        }
    }

    /// A vector whose elements are `elem` bytes wide (tables: 4, offsets).
    pub(crate) fn vector(&self, id: usize, elem: usize) -> Result<Option<Vector<'a>>, NnError> {
        let Some(p) = self.field(id)? else {
            return Ok(None);
        };
        let start = offset_target(self.buf, p)?;
        let len = u32_at(self.buf, start)? as usize;
        let data = start + 4;
        let bytes = len.checked_mul(elem).ok_or_else(|| bad("vector length"))?;
        slice(self.buf, data, bytes)?;
        Ok(Some(Vector {
            buf: self.buf,
            data,
            len,
            elem,
        }))
    }

    /// A byte vector or string field's bytes.
    pub(crate) fn bytes(&self, id: usize) -> Result<Option<&'a [u8]>, NnError> {
        match self.vector(id, 1)? {
            Some(v) => Ok(Some(slice(self.buf, v.data, v.len)?)),
            None => Ok(None),
        }
    }

    /// A vector of int32 as i32 values (empty if absent).
    pub(crate) fn i32s(&self, id: usize) -> Result<Vec<i32>, NnError> {
        let Some(v) = self.vector(id, 4)? else {
            return Ok(Vec::new());
        };
        (0..v.len)
            .map(|i| Ok(u32_at(self.buf, v.data + 4 * i)? as i32))
            .collect()
    }
}

/// A vector inside the buffer; its byte range is checked at creation.
pub(crate) struct Vector<'a> {
    buf: &'a [u8],
    data: usize,
    len: usize,
    elem: usize,
}

impl<'a> Vector<'a> {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Element `i` of a vector of tables.
    pub(crate) fn table(&self, i: usize) -> Result<Table<'a>, NnError> {
        if i >= self.len || self.elem != 4 {
            return Err(bad("vector index"));
        }
        Table::at(self.buf, offset_target(self.buf, self.data + 4 * i)?)
    }
}
