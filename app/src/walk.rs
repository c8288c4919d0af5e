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

/// Where the candidate is on the whole widget: a place in the walk-through,
/// or a stage of the overview's questions (「不知道报哪个？」; the stage after
/// the last topic is the overview itself). Kept in each history entry (the
/// phone's back goes back a step, not out of the widget) and saved beside
/// the answers (a reload returns here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Walk(Walk),
    Levels { stage: usize },
}

impl Place {
    /// `about/2`, `summary/0`, `levels/3`: the history state and the saved form.
    pub fn key(self) -> String {
        match self {
            Place::Walk(w) => format!("{}/{}", w.step.slug(), w.topic),
            Place::Levels { stage } => format!("levels/{stage}"),
        }
    }

    /// Reads `key`'s form back; anything else (a foreign history state, a
    /// damaged saved value) is `None`, never a guess. Topic and stage are
    /// bounded by the screens (`topics`, `stages`) so an old value from a
    /// plan with more topics cannot point past the end.
    pub fn from_key(key: &str, topics: usize, stages: usize) -> Option<Place> {
        let (name, n) = key.split_once('/')?;
        let n: usize = n.parse().ok()?;
        if name == "levels" {
            return (n <= stages).then_some(Place::Levels { stage: n });
        }
        let step = Step::from_slug(name)?;
        let ok = if step == Step::About {
            n < topics.max(1)
        } else {
            n == 0
        };
        ok.then_some(Place::Walk(Walk { step, topic: n }))
    }

    /// Whether returning here is worth a 「欢迎回来」: anywhere past the first screen.
    pub fn is_past_start(self) -> bool {
        self != Place::Walk(Walk::at(Step::Plan))
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

    #[wasm_bindgen_test]
    fn a_place_reads_back_from_its_key_and_nothing_else_does() {
        let places = [
            Place::Walk(Walk::at(Step::Plan)),
            Place::Walk(Walk {
                step: Step::About,
                topic: 2,
            }),
            Place::Walk(Walk::at(Step::Summary)),
            Place::Levels { stage: 0 },
            Place::Levels { stage: 6 },
        ];
        for p in places {
            assert_eq!(Place::from_key(&p.key(), 3, 6), Some(p), "{}", p.key());
        }
        for bad in [
            "",
            "about",
            "about/3",
            "summary/1",
            "levels/7",
            "nowhere/0",
            "about/-1",
            "plan/x",
        ] {
            assert_eq!(Place::from_key(bad, 3, 6), None, "{bad}");
        }
        assert!(!Place::Walk(Walk::at(Step::Plan)).is_past_start());
        assert!(Place::Levels { stage: 0 }.is_past_start());
    }
}
