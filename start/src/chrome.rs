//! What every screen of the widget has around its step: the top bar with
//! the language switch, the bar of the five steps, and the footer.

use crate::i18n::{tr, Lang};
use leptos::prelude::*;

/// The five steps of the walk-through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Plan,
    About,
    Materials,
    Register,
    Summary,
}

pub const STEPS: [Step; 5] = [
    Step::Plan,
    Step::About,
    Step::Materials,
    Step::Register,
    Step::Summary,
];

impl Step {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Step::Plan => tr(lang, "认定计划", "Plan"),
            Step::About => tr(lang, "关于你", "About you"),
            Step::Materials => tr(lang, "填报资料", "Papers"),
            Step::Register => tr(lang, "网上报名", "Apply online"),
            Step::Summary => tr(lang, "总结", "Summary"),
        }
    }

    /// The label in the step bar: short enough for five in a row at 360 px.
    pub fn short_label(self, lang: Lang) -> &'static str {
        match self {
            Step::Plan => tr(lang, "计划", "Plan"),
            Step::About => tr(lang, "关于你", "You"),
            Step::Materials => tr(lang, "材料", "Papers"),
            Step::Register => tr(lang, "报名", "Apply"),
            Step::Summary => tr(lang, "总结", "Ready?"),
        }
    }

    /// The name in `data-step` attributes and in the hand-off.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Plan => "plan",
            Step::About => "about",
            Step::Materials => "materials",
            Step::Register => "register",
            Step::Summary => "summary",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        STEPS.into_iter().find(|s| s.slug() == slug)
    }

    pub fn index(self) -> usize {
        STEPS.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// The frame's words, shared by these components and the first-load
/// module's plain drawing (`plain.rs`), so the two cannot drift apart.
pub mod words {
    use crate::i18n::{tr, Lang};

    /// The first screen's brand.
    pub fn brand(lang: Lang) -> &'static str {
        tr(lang, "报名预检", "Registration pre-check")
    }

    /// The language switch names the language it switches to.
    pub fn other_language(lang: Lang) -> &'static str {
        tr(lang, "English", "中文")
    }

    pub fn steps(lang: Lang) -> &'static str {
        tr(lang, "步骤", "Steps")
    }

    pub fn privacy(lang: Lang) -> &'static str {
        tr(
            lang,
            "所有判断都在本机完成，不上传任何信息。结果仅供自查，最终以评价机构审核为准。",
            "Everything is worked out on this device; nothing is uploaded. The result is a self-check; the organiser's review decides.",
        )
    }

    pub fn clear(lang: Lang) -> &'static str {
        tr(lang, "清除我的数据", "Clear my data")
    }

    pub fn clear_question(lang: Lang) -> &'static str {
        tr(
            lang,
            "确定清除本机保存的全部填写内容？清除后无法恢复。",
            "Clear everything saved on this device? This cannot be undone.",
        )
    }

    pub fn clear_yes(lang: Lang) -> &'static str {
        tr(lang, "确定清除", "Clear")
    }

    pub fn cancel(lang: Lang) -> &'static str {
        tr(lang, "取消", "Cancel")
    }

    /// 「不知道报哪个？」: the other way in, the candidate's situation first.
    pub fn levels_entry(lang: Lang) -> &'static str {
        tr(
            lang,
            "不知道报哪个？先填我的情况",
            "Not sure which to take? Start with your situation",
        )
    }

    pub fn next(lang: Lang) -> &'static str {
        tr(lang, "下一步", "Next")
    }
}

/// The brand and the language switch. The language is the `RwSignal<Lang>`
/// in context.
#[component]
pub fn TopBar(brand_zh: &'static str, brand_en: &'static str) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <header class="pc-topbar">
            <span class="pc-brand">{move || tr(lang.get(), brand_zh, brand_en)}</span>
            <button type="button" class="pc-button secondary" lang=move || lang.get().other().html_lang()
                on:click=move |_| lang.update(|l| *l = l.other())>
                {move || words::other_language(lang.get())}
            </button>
        </header>
    }
}

/// A step's state in the step bar, as a task list says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    NotStarted,
    InProgress,
    Done,
}

impl TaskState {
    /// The `data-state` value.
    pub fn key(self) -> &'static str {
        match self {
            TaskState::NotStarted => "todo",
            TaskState::InProgress => "doing",
            TaskState::Done => "done",
        }
    }

    pub fn words(self, lang: Lang) -> &'static str {
        match self {
            TaskState::NotStarted => tr(lang, "未开始", "not started"),
            TaskState::InProgress => tr(lang, "进行中", "in progress"),
            TaskState::Done => tr(lang, "已完成", "done"),
        }
    }
}

/// The five steps in a row; a tap asks for that step. With `states`, each
/// step also says 未开始 / 进行中 / 已完成 (✓ shown, words for screen readers).
#[component]
pub fn StepBar(
    #[prop(into)] current: Signal<Step>,
    #[prop(into)] go: Callback<Step>,
    #[prop(optional, into)] states: Option<Signal<[TaskState; 5]>>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let state_of = move |s: Step| states.map(|st| st.get()[s.index()]);
    view! {
        <nav class="pc-steps" aria-label=move || words::steps(lang.get())>
            <ol>
                {STEPS.iter().map(|&s| view! {
                    <li>
                        <button type="button" class="pc-step" data-step=s.slug()
                            data-state=move || state_of(s).map(TaskState::key)
                            aria-current=move || (current.get() == s).then_some("step")
                            on:click=move |_| go.run(s)>
                            <span class="pc-step-n">{s.index() + 1}</span>
                            <span class="pc-step-label">{move || s.short_label(lang.get())}</span>
                            {move || state_of(s).map(|st| view! {
                                <span class="pc-visually-hidden">{format!("（{}）", st.words(lang.get()))}</span>
                            })}
                        </button>
                    </li>
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// The privacy line and the button that forgets the candidate's answers:
/// asked twice, since nothing brings them back.
#[component]
pub fn Footer(#[prop(into)] clear: Callback<()>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let asking = RwSignal::new(false);
    view! {
        <footer class="pc-footer">
            <p class="pc-hint">{move || words::privacy(lang.get())}</p>
            <Show when=move || asking.get() fallback=move || view! {
                <button type="button" class="pc-button secondary" data-testid="clear" on:click=move |_| asking.set(true)>
                    {move || words::clear(lang.get())}
                </button>
            }>
                <div class="pc-notice" role="alertdialog" data-testid="clear-confirm">
                    <span>{move || words::clear_question(lang.get())}</span>
                    <button type="button" class="pc-button" data-testid="clear-yes"
                        on:click=move |_| { asking.set(false); clear.run(()) }>
                        {move || words::clear_yes(lang.get())}
                    </button>
                    <button type="button" class="pc-button secondary" data-testid="clear-no"
                        on:click=move |_| asking.set(false)>
                        {move || words::cancel(lang.get())}
                    </button>
                </div>
            </Show>
        </footer>
    }
}
