//! How a fixed photo's edges are judged (issue 27): one definition, used by
//! the matte's own tests, tests/photo_models.rs and the `photo_quality`
//! command, so they cannot drift apart.

fn sub(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn dot(a: [f32; 3], b: [f32; 3]) -> f32 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// Distance from `p` to the segment `a`–`b`.
fn to_segment(p: [f32; 3], a: [f32; 3], b: [f32; 3]) -> f32 {
    let ab = sub(b, a);
    let t = (dot(sub(p, a), ab) / dot(ab, ab).max(1e-9)).clamp(0.0, 1.0);
    let q = [a[0] + t * ab[0], a[1] + t * ab[1], a[2] + t * ab[2]];
    dot(sub(p, q), sub(p, q)).sqrt()
}

/// Distance (RGB units) from the colour `c` to every blend `α·s·f + (1−α)·white`
/// of the subject colour `f` with white, α in 0–1 and the subject's own shading
/// `s` in `shading` (e.g. `[0.6, 1.3]`): the triangle white, `lo·f`, `hi·f`. A
/// correct composite's edge pixel lies on it; a colour of the old backdrop does not.
pub fn off_blend(c: [f32; 3], f: [f32; 3], shading: [f32; 2]) -> f32 {
    let a = [255.0; 3];
    let b = f.map(|v| v * shading[0]);
    let cc = f.map(|v| v * shading[1]);
    let (v0, v1, v2) = (sub(b, a), sub(cc, a), sub(c, a));
    let (d00, d01, d11) = (dot(v0, v0), dot(v0, v1), dot(v1, v1));
    let (d20, d21) = (dot(v2, v0), dot(v2, v1));
    let den = d00 * d11 - d01 * d01;
    // A grey subject's blends with white lie on one line: the triangle is flat,
    // and `den` is then f32 rounding noise (|v0|²|v1|² is ~1e10), which gave
    // u, v at random. Only a triangle of some width is solved; a flat one is
    // measured by its sides.
    if den > 1e-4 * d00 * d11 {
        // Inside the triangle: the distance to its plane.
        let v = (d11 * d20 - d01 * d21) / den;
        let u = (d00 * d21 - d01 * d20) / den;
        if v >= 0.0 && u >= 0.0 && u + v <= 1.0 {
            let q: [f32; 3] = std::array::from_fn(|k| a[k] + v * v0[k] + u * v1[k]);
            return dot(sub(c, q), sub(c, q)).sqrt();
        }
    }
    to_segment(c, a, b)
        .min(to_segment(c, b, cc))
        .min(to_segment(c, a, cc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blends_are_on_it_and_a_backdrop_colour_is_not() {
        let f = [120.0, 80.0, 60.0];
        assert!(off_blend([255.0; 3], f, [0.6, 1.3]) < 1e-3);
        assert!(off_blend(f, f, [0.6, 1.3]) < 1e-3);
        let half: [f32; 3] = std::array::from_fn(|k| 0.5 * f[k] + 0.5 * 255.0);
        assert!(off_blend(half, f, [0.6, 1.3]) < 1e-2);
        // A green backdrop mixed in is far from every blend of a brown subject.
        assert!(off_blend([90.0, 200.0, 90.0], f, [0.6, 1.3]) > 50.0);
    }

    #[test]
    fn a_near_grey_pixel_is_measured_against_a_grey_subject_exactly() {
        // Grey subjects: white, 0.6·F and 1.3·F are on one line. (45,41,38) is
        // 4.97 from the grey nearest it; the flat triangle made it 370 or 84
        // (a strand of dark hair counted as a fringe).
        for grey in [41.0, 69.0] {
            let d = off_blend([45.0, 41.0, 38.0], [grey; 3], [0.6, 1.3]);
            assert!((d - 4.97).abs() < 0.05, "grey {grey}: {d}");
        }
    }
}
