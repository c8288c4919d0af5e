//! Where the candidate is in the walk-through, and where Next and Back take
//! them: plain data and pure functions, so the flow is tested without a page
//! (the leptos examples' way: state with methods, components only call them).

use precheck_start::chrome::{Step, STEPS};

/// A step, and within the about-you step the topic shown (an index into the
/// plan's topics; 0 elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Walk {
    pub step: Step,
    pub topic: usize,
}

impl Walk {
    /// The first topic of `step`.
    pub fn at(step: Step) -> Walk {
        Walk { step, topic: 0 }
    }

    /// Next: the next topic of the about-you step, else the next step (the
    /// summary is the last).
    pub fn next(self, topics: usize) -> Walk {
        match self.step {
            Step::About if self.topic + 1 < topics => Walk {
                topic: self.topic + 1,
                ..self
            },
            s => Walk::at(STEPS[(s.index() + 1).min(STEPS.len() - 1)]),
        }
    }

    /// Back: the previous topic, else the previous step — entering the
    /// about-you step from behind at its last topic.
    pub fn back(self, topics: usize) -> Walk {
        match self.step {
            Step::About if self.topic > 0 => Walk {
                topic: self.topic - 1,
                ..self
            },
            s => {
                let step = STEPS[s.index().saturating_sub(1)];
                let topic = if step == Step::About {
                    topics.saturating_sub(1)
                } else {
                    0
                };
                Walk { step, topic }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn next_goes_through_every_topic_then_every_step_and_back_retraces_it() {
        let topics = 3;
        let mut forward = vec![Walk::at(Step::Plan)];
        while forward.last().unwrap().step != Step::Summary {
            forward.push(forward.last().unwrap().next(topics));
        }
        let seen: Vec<(Step, usize)> = forward.iter().map(|w| (w.step, w.topic)).collect();
        assert_eq!(
            seen,
            [
                (Step::Plan, 0),
                (Step::About, 0),
                (Step::About, 1),
                (Step::About, 2),
                (Step::Materials, 0),
                (Step::Register, 0),
                (Step::Summary, 0),
            ]
        );
        assert_eq!(
            Walk::at(Step::Summary).next(topics),
            Walk::at(Step::Summary)
        );
        let mut w = Walk::at(Step::Summary);
        for want in forward.iter().rev().skip(1) {
            w = w.back(topics);
            assert_eq!(w, *want);
        }
        assert_eq!(Walk::at(Step::Plan).back(topics), Walk::at(Step::Plan));
        // A plan whose about-you step has no topic at all does not underflow.
        assert_eq!(Walk::at(Step::Materials).back(0), Walk::at(Step::About));
    }
}
