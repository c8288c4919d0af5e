//! The photo room: the slot a candidate chooses a photo in (`slot.rs`, one
//! state enum), the page's side of the worker protocol (`worker.rs`), keeping
//! the fixed photo (`save.rs`) and what this browser can do with a file
//! (`device.rs`). Every status and verdict is the core's type
//! (`precheck_core::photo`), never a string compared here.

mod device;
mod save;
mod slot;
mod worker;

pub use save::KeepPicture;
pub use slot::PhotoSlot;
