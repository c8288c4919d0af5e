//! The on-device models (`precheck-vision`) behind the core's [`Models`] trait,
//! linked natively. The CLI uses it, and the core's model tests include this
//! very file (`#[path]`): a crate shared by both would have to depend on the
//! core while the core dev-depends on it.

use precheck_core::photo::{Face, Models, PersonMask};

/// The face detector and person segmentation the widget loads, run natively.
pub struct NativeModels;

impl Models for NativeModels {
    fn faces(&self, rgb: &[u8], width: u32, height: u32) -> Result<Vec<Face>, String> {
        let found =
            precheck_vision::detect_faces(rgb, width, height).map_err(|e| e.message_en())?;
        Ok(found
            .into_iter()
            .map(|f| Face {
                score: f.score,
                bbox: f.bbox,
                keypoints: f.keypoints,
            })
            .collect())
    }

    fn person(&self, rgb: &[u8], width: u32, height: u32) -> Result<PersonMask, String> {
        let m = precheck_vision::segment_person(rgb, width, height).map_err(|e| e.message_en())?;
        Ok(PersonMask {
            width: m.width,
            height: m.height,
            alpha: m.data,
        })
    }
}
