//! "About you": one topic a screen (work, certificates, titles, education,
//! training, identity), each answer updating the verdicts live. Only the
//! topics the chosen plan's conditions ask about are offered.

use crate::answers::{
    Answers, CertificateAnswer, EducationAnswer, FieldError, TitleAnswer, TrainingAnswer,
    WorkAnswer,
};
use crate::i18n::{pick, tr, Lang};
use leptos::prelude::*;
use precheck_core::engine::Evaluation;
use precheck_core::profile::SchoolType;
use precheck_core::rules::{Anchor, Condition, Plan, Requirement};
use std::sync::Arc;

/// A topic of the "about you" step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Work,
    Certificates,
    Titles,
    Education,
    Training,
    Identity,
}

impl Topic {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Topic::Work => tr(lang, "工作经历", "Work"),
            Topic::Certificates => tr(lang, "职业技能证书", "Certificates"),
            Topic::Titles => tr(lang, "职称", "Titles"),
            Topic::Education => tr(lang, "学历", "Education"),
            Topic::Training => tr(lang, "培训", "Training"),
            Topic::Identity => tr(lang, "身份信息", "Identity"),
        }
    }

    /// Whether the candidate has answered this topic: it has entries, or
    /// they have been through it (then an empty topic means "none").
    pub fn answered(self, answers: &Answers) -> bool {
        let has_entries = match self {
            Topic::Work => !answers.work.is_empty(),
            Topic::Certificates => !answers.certificates.is_empty(),
            Topic::Titles => !answers.titles.is_empty(),
            Topic::Education => !answers.education.is_empty(),
            Topic::Training => !answers.training.is_empty(),
            Topic::Identity => true,
        };
        has_entries || answers.visited_topics.contains(self.slug())
    }

    pub fn slug(self) -> &'static str {
        match self {
            Topic::Work => "work",
            Topic::Certificates => "certificates",
            Topic::Titles => "titles",
            Topic::Education => "education",
            Topic::Training => "training",
            Topic::Identity => "identity",
        }
    }
}

/// The topics these requirements read, in a natural order (work first).
fn topics_of<'a>(requirements: impl Iterator<Item = &'a Requirement>) -> Vec<Topic> {
    let (mut work, mut certs, mut titles, mut edu, mut training) =
        (false, false, false, false, false);
    for req in requirements {
        match req {
            Requirement::Work(w) => {
                work = true;
                match &w.after {
                    Some(Anchor::Certificate { .. }) => certs = true,
                    Some(Anchor::Title { .. }) => titles = true,
                    None => {}
                }
            }
            Requirement::Certificate(_) => certs = true,
            Requirement::Title(_) => titles = true,
            Requirement::Education(_) => edu = true,
            Requirement::Training(_) => training = true,
        }
    }
    [
        (work, Topic::Work),
        (certs, Topic::Certificates),
        (titles, Topic::Titles),
        (edu, Topic::Education),
        (training, Topic::Training),
    ]
    .into_iter()
    .filter_map(|(on, topic)| on.then_some(topic))
    .collect()
}

/// The topics one condition asks about.
pub fn condition_topics(condition: &Condition) -> Vec<Topic> {
    topics_of(condition.requires.iter())
}

/// The topics this plan's conditions ask about, in a natural order.
pub fn topics_for(plan: &Plan) -> Vec<Topic> {
    let mut topics = topics_of(plan.conditions.iter().flat_map(|c| c.requires.iter()));
    topics.push(Topic::Identity);
    topics
}

/// Everything a field needs to show its error: answers' parse errors and
/// the engine's problems, both keyed by element id.
#[derive(Clone, Copy)]
pub struct Errors(pub Memo<Vec<FieldError>>);

impl Errors {
    fn for_field(
        self,
        lang: RwSignal<Lang>,
        id: String,
    ) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        move || {
            self.0.with(|errs| {
                let found: Vec<String> = errs
                    .iter()
                    .filter(|e| e.field == id)
                    .map(|e| pick(lang.get(), &e.zh, &e.en).to_owned())
                    .collect();
                (!found.is_empty()).then(|| found.join(" "))
            })
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Date,
    Number,
}

/// A labelled input bound to one string of the answers.
#[allow(clippy::too_many_arguments)]
fn field(
    lang: RwSignal<Lang>,
    errors: Errors,
    id: String,
    label: (&'static str, &'static str),
    hint: Option<(&'static str, &'static str)>,
    kind: Kind,
    value: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + Send + Sync + 'static,
) -> AnyView {
    field_erased(
        lang,
        errors,
        id,
        label,
        hint,
        kind,
        Arc::new(value),
        Arc::new(set),
    )
}

/// The body of [`field`], compiled once: the wasm bundle would otherwise hold
/// one copy of this view per call site.
#[allow(clippy::too_many_arguments)]
fn field_erased(
    lang: RwSignal<Lang>,
    errors: Errors,
    id: String,
    label: (&'static str, &'static str),
    hint: Option<(&'static str, &'static str)>,
    kind: Kind,
    value: Arc<dyn Fn() -> String + Send + Sync>,
    set: Arc<dyn Fn(String) + Send + Sync>,
) -> AnyView {
    let error = errors.for_field(lang, id.clone());
    let error = Arc::new(error);
    let (e1, e2, e3) = (error.clone(), error.clone(), error);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = format!("{hint_id} {error_id}");
    let set2 = set.clone();
    view! {
        <div class="pc-field" class:invalid=move || e1().is_some()>
            <label for=id.clone()>{move || tr(lang.get(), label.0, label.1)}</label>
            {hint.map(|h| view! { <span class="pc-hint" id=hint_id.clone()>{move || tr(lang.get(), h.0, h.1)}</span> })}
            <input
                id=id.clone()
                type=match kind { Kind::Date => "date", _ => "text" }
                inputmode=match kind { Kind::Number => "numeric", _ => "text" }
                autocomplete="off"
                aria-describedby=described
                aria-invalid=move || e2().is_some().to_string()
                prop:value=move || value()
                on:input=move |ev| set(event_target_value(&ev))
                on:change=move |ev| set2(event_target_value(&ev))
            />
            <span class="pc-error" id=error_id>{move || e3()}</span>
        </div>
    }
    .into_any()
}

fn yes_no(
    lang: RwSignal<Lang>,
    name: String,
    legend: (&'static str, &'static str),
    value: impl Fn() -> Option<bool> + Send + Sync + Copy + 'static,
    set: impl Fn(bool) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend class="pc-legend">{move || tr(lang.get(), legend.0, legend.1)}</legend>
            <div class="pc-choices">
                <label class="pc-choice">
                    <input type="radio" name=name.clone() value="yes" prop:checked=move || value() == Some(true) on:change=move |_| set(true) />
                    {move || tr(lang.get(), "是", "Yes")}
                </label>
                <label class="pc-choice">
                    <input type="radio" name=name.clone() value="no" prop:checked=move || value() == Some(false) on:change=move |_| set(false) />
                    {move || tr(lang.get(), "否", "No")}
                </label>
            </div>
        </fieldset>
    }
}

fn select(
    lang: RwSignal<Lang>,
    id: String,
    label: (&'static str, &'static str),
    options: Vec<(String, String)>,
    value: impl Fn() -> String + Send + Sync + Copy + 'static,
    set: impl Fn(String) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="pc-field">
            <label for=id.clone()>{move || tr(lang.get(), label.0, label.1)}</label>
            <select id=id.clone() on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || value().is_empty()>{move || tr(lang.get(), "请选择", "Choose")}</option>
                {options.into_iter().map(|(v, text)| {
                    let v2 = v.clone();
                    view! { <option value=v selected=move || value() == v2>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

fn level_options() -> Vec<(String, String)> {
    [
        ("5", "五级 / 初级工"),
        ("4", "四级 / 中级工"),
        ("3", "三级 / 高级工"),
        ("2", "二级 / 技师"),
        ("1", "一级 / 高级技师"),
    ]
    .into_iter()
    .map(|(v, t)| (v.to_owned(), t.to_owned()))
    .collect()
}

/// The editor of one topic.
#[component]
pub fn TopicEditor(
    topic: Topic,
    answers: RwSignal<Answers>,
    plan: Memo<&'static Plan>,
    evaluation: Memo<Evaluation>,
) -> impl IntoView {
    match topic {
        Topic::Work => {
            view! { <WorkEditor answers=answers plan=plan evaluation=evaluation /> }.into_any()
        }
        Topic::Certificates => view! { <CertificateEditor answers=answers plan=plan /> }.into_any(),
        Topic::Titles => view! { <TitleEditor answers=answers /> }.into_any(),
        Topic::Education => view! { <EducationEditor answers=answers /> }.into_any(),
        Topic::Training => view! { <TrainingEditor answers=answers /> }.into_any(),
        Topic::Identity => view! { <IdentityEditor answers=answers /> }.into_any(),
    }
}

/// Occupation names the plan accepts, for the inputs' suggestion list.
fn occupation_names(plan: &Plan) -> Vec<String> {
    let mut names: Vec<String> = plan.own.items.iter().map(|n| n.to_string()).collect();
    if let Some(related) = &plan.related {
        names.extend(related.items.iter().map(|n| n.to_string()));
    }
    names.dedup();
    names
}

fn add_button(
    lang: RwSignal<Lang>,
    label: (&'static str, &'static str),
    add: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button type="button" class="pc-button secondary pc-add" on:click=move |_| add()>
            {move || tr(lang.get(), label.0, label.1)}
        </button>
    }
}

fn remove_button(lang: RwSignal<Lang>, remove: impl Fn() + 'static) -> impl IntoView {
    view! {
        <button type="button" class="pc-button secondary pc-remove" on:click=move |_| remove()>
            {move || tr(lang.get(), "删除这一条", "Remove this entry")}
        </button>
    }
}

#[component]
fn WorkEditor(
    answers: RwSignal<Answers>,
    plan: Memo<&'static Plan>,
    evaluation: Memo<Evaluation>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    let count = Memo::new(move |_| answers.with(|a| a.work.len()));
    let list_id = "pc-occupations";
    view! {
        <p class="pc-hint">{move || tr(lang.get(),
            "逐条填写每段工作经历（与申报表一致）：单位全称、从事的职业、起止日期。仍在职的勾选“至今”。",
            "Enter each period of work as on the form: the employer's full name, the occupation, start and end. Tick “still working” if ongoing.")}</p>
        <datalist id=list_id>
            {move || occupation_names(plan.get()).into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
        </datalist>
        {move || (0..count.get()).map(|i| {
            let get = move |f: fn(&WorkAnswer) -> String| move || answers.with(|a| a.work.get(i).map(f).unwrap_or_default());
            let upd = move |f: fn(&mut WorkAnswer, String)| move |v: String| answers.update(|a| if let Some(w) = a.work.get_mut(i) { f(w, v) });
            let suggestion = move || {
                let typed = answers.with(|a| a.work.get(i).map(|w| w.occupation.trim().to_owned()).unwrap_or_default());
                evaluation.with(|e| e.suggestions.iter().find(|s| !typed.is_empty() && s.informal == typed).cloned())
            };
            view! {
                <div class="pc-entry" data-entry=format!("work-{i}")>
                    <h3>{move || format!("{} {}", tr(lang.get(), "工作经历", "Work period"), i + 1)}</h3>
                    {field(lang, errors, format!("work-{i}-employer"), ("工作单位全称", "Employer's full name"), None, Kind::Text, get(|w| w.employer.clone()), upd(|w, v| w.employer = v))}
                    <div class="pc-field">
                        <label for=format!("work-{i}-occupation")>{move || tr(lang.get(), "从事的职业（按名单名称填写）", "Occupation (as named in the lists)")}</label>
                        <span class="pc-hint">{move || tr(lang.get(), "例如 电子商务师、营销员；写岗位俗称（如 电商运营）时会提示应填写的名称。", "E.g. 电子商务师, 营销员; an informal job title gets a suggestion of the listed name.")}</span>
                        <input id=format!("work-{i}-occupation") type="text" list=list_id autocomplete="off"
                            prop:value=get(|w| w.occupation.clone())
                            on:input=move |ev| answers.update(|a| if let Some(w) = a.work.get_mut(i) { w.occupation = event_target_value(&ev) }) />
                        <span class="pc-error" id=format!("work-{i}-occupation-error")>{errors.for_field(lang, format!("work-{i}-occupation"))}</span>
                        {move || suggestion().map(|s| {
                            let name = s.suggested.clone();
                            view! {
                                <p class="pc-suggestion" role="status">
                                    {pick(lang.get(), &s.message_zh, &s.message_en).to_owned()}
                                    " "
                                    <button type="button" class="pc-button secondary" on:click=move |_| {
                                        let name = name.clone();
                                        answers.update(|a| if let Some(w) = a.work.get_mut(i) { w.occupation = name });
                                    }>
                                        {format!("{}「{}」", tr(lang.get(), "改为", "Use"), s.suggested)}
                                    </button>
                                </p>
                            }
                        })}
                    </div>
                    {field(lang, errors, format!("work-{i}-start"), ("开始日期", "Start date"), None, Kind::Date, get(|w| w.start.clone()), upd(|w, v| w.start = v))}
                    <label class="pc-choice pc-inline">
                        <input type="checkbox" id=format!("work-{i}-ongoing")
                            prop:checked=move || answers.with(|a| a.work.get(i).is_some_and(|w| w.ongoing))
                            on:change=move |ev| { let on = event_target_checked(&ev); answers.update(|a| if let Some(w) = a.work.get_mut(i) { w.ongoing = on }) } />
                        {move || tr(lang.get(), "至今仍在此工作", "Still working here")}
                    </label>
                    <Show when=move || answers.with(|a| a.work.get(i).is_some_and(|w| !w.ongoing))>
                        {field(lang, errors, format!("work-{i}-end"), ("结束日期", "End date"), None, Kind::Date, get(|w| w.end.clone()), upd(|w, v| w.end = v))}
                    </Show>
                    <details class="pc-more">
                        <summary>{move || tr(lang.get(), "单位成立 / 注销日期（可选，用于核对）", "Employer founded / dissolved (optional check)")}</summary>
                        {field(lang, errors, format!("work-{i}-employer_founded"), ("单位成立日期", "Employer founded"), Some(("工作经历起始时间需与工作单位成立与注销时间无冲突", "Your dates must not conflict with the employer's")), Kind::Date, get(|w| w.employer_founded.clone()), upd(|w, v| w.employer_founded = v))}
                        {field(lang, errors, format!("work-{i}-employer_dissolved"), ("单位注销日期（未注销不填）", "Employer dissolved (blank if not)"), None, Kind::Date, get(|w| w.employer_dissolved.clone()), upd(|w, v| w.employer_dissolved = v))}
                    </details>
                    {remove_button(lang, move || answers.update(|a| { if i < a.work.len() { a.work.remove(i); } }))}
                </div>
            }
        }).collect_view()}
        {add_button(lang, ("＋ 添加一段工作经历", "+ Add a period of work"), move || answers.update(|a| a.work.push(WorkAnswer::default())))}
    }
}

#[component]
fn CertificateEditor(answers: RwSignal<Answers>, plan: Memo<&'static Plan>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    let count = Memo::new(move |_| answers.with(|a| a.certificates.len()));
    view! {
        <p class="pc-hint">{move || tr(lang.get(),
            "填写已取得的职业资格证书或职业技能等级证书（本职业或相关职业）。",
            "Enter the vocational qualification or skill-level certificates you hold (this or a related occupation).")}</p>
        <datalist id="pc-cert-occupations">
            {move || occupation_names(plan.get()).into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
        </datalist>
        {move || (0..count.get()).map(|i| {
            let get = move |f: fn(&CertificateAnswer) -> String| move || answers.with(|a| a.certificates.get(i).map(f).unwrap_or_default());
            let upd = move |f: fn(&mut CertificateAnswer, String)| move |v: String| answers.update(|a| if let Some(c) = a.certificates.get_mut(i) { f(c, v) });
            view! {
                <div class="pc-entry" data-entry=format!("cert-{i}")>
                    <h3>{move || format!("{} {}", tr(lang.get(), "证书", "Certificate"), i + 1)}</h3>
                    <div class="pc-field">
                        <label for=format!("cert-{i}-occupation")>{move || tr(lang.get(), "证书上的职业", "Occupation on the certificate")}</label>
                        <input id=format!("cert-{i}-occupation") type="text" list="pc-cert-occupations" autocomplete="off"
                            prop:value=get(|c| c.occupation.clone())
                            on:input=move |ev| answers.update(|a| if let Some(c) = a.certificates.get_mut(i) { c.occupation = event_target_value(&ev) }) />
                        <span class="pc-error">{errors.for_field(lang, format!("cert-{i}-occupation"))}</span>
                    </div>
                    {select(lang, format!("cert-{i}-level"), ("等级", "Level"), level_options(), get(|c| c.level.clone()), upd(|c, v| c.level = v))}
                    {field(lang, errors, format!("cert-{i}-issued"), ("发证日期", "Issue date"), None, Kind::Date, get(|c| c.issued.clone()), upd(|c, v| c.issued = v))}
                    {remove_button(lang, move || answers.update(|a| { if i < a.certificates.len() { a.certificates.remove(i); } }))}
                </div>
            }
        }).collect_view()}
        {add_button(lang, ("＋ 添加证书", "+ Add a certificate"), move || answers.update(|a| a.certificates.push(CertificateAnswer::default())))}
    }
}

#[component]
fn TitleEditor(answers: RwSignal<Answers>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    let count = Memo::new(move |_| answers.with(|a| a.titles.len()));
    view! {
        <p class="pc-hint">{move || tr(lang.get(), "职称（专业技术人员职业资格），需符合专业对应关系。", "Professional titles; they must match the field (专业对应关系).")}</p>
        {move || (0..count.get()).map(|i| {
            let get = move |f: fn(&TitleAnswer) -> String| move || answers.with(|a| a.titles.get(i).map(f).unwrap_or_default());
            let upd = move |f: fn(&mut TitleAnswer, String)| move |v: String| answers.update(|a| if let Some(t) = a.titles.get_mut(i) { f(t, v) });
            view! {
                <div class="pc-entry" data-entry=format!("title-{i}")>
                    <h3>{move || format!("{} {}", tr(lang.get(), "职称", "Title"), i + 1)}</h3>
                    {select(lang, format!("title-{i}-rank"), ("级别", "Rank"), vec![("初级".into(), "初级".into()), ("中级".into(), "中级".into())], get(|t| t.rank.clone()), upd(|t, v| t.rank = v))}
                    {field(lang, errors, format!("title-{i}-issued"), ("取得日期", "Date obtained"), None, Kind::Date, get(|t| t.issued.clone()), upd(|t, v| t.issued = v))}
                    {yes_no(lang, format!("title-{i}-field_matches"), ("与申报职业符合专业对应关系吗？", "Does it match the occupation's field?"),
                        move || answers.with(|a| a.titles.get(i).and_then(|t| t.field_matches)),
                        move |v| answers.update(|a| if let Some(t) = a.titles.get_mut(i) { t.field_matches = Some(v) }))}
                    {remove_button(lang, move || answers.update(|a| { if i < a.titles.len() { a.titles.remove(i); } }))}
                </div>
            }
        }).collect_view()}
        {add_button(lang, ("＋ 添加职称", "+ Add a title"), move || answers.update(|a| a.titles.push(TitleAnswer::default())))}
    }
}

#[component]
fn EducationEditor(answers: RwSignal<Answers>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    let count = Memo::new(move |_| answers.with(|a| a.education.len()));
    let schools: Vec<(String, String)> = SchoolType::ALL
        .iter()
        .map(|s| (s.name().to_string(), s.name().to_string()))
        .collect();
    view! {
        <p class="pc-hint">{move || tr(lang.get(), "技工院校、职业院校或高校的学历；所学专业按毕业证书填写。", "Your school record; the major as on the diploma.")}</p>
        {move || (0..count.get()).map(|i| {
            let get = move |f: fn(&EducationAnswer) -> String| move || answers.with(|a| a.education.get(i).map(f).unwrap_or_default());
            let upd = move |f: fn(&mut EducationAnswer, String)| move |v: String| answers.update(|a| if let Some(e) = a.education.get_mut(i) { f(e, v) });
            view! {
                <div class="pc-entry" data-entry=format!("edu-{i}")>
                    <h3>{move || format!("{} {}", tr(lang.get(), "学历", "School"), i + 1)}</h3>
                    {select(lang, format!("edu-{i}-school"), ("学校类型", "School type"), schools.clone(), get(|e| e.school.clone()), upd(|e, v| e.school = v))}
                    {field(lang, errors, format!("edu-{i}-major"), ("所学专业", "Major"), None, Kind::Text, get(|e| e.major.clone()), upd(|e, v| e.major = v))}
                    <label class="pc-choice pc-inline">
                        <input type="checkbox" id=format!("edu-{i}-enrolled")
                            prop:checked=move || answers.with(|a| a.education.get(i).is_some_and(|e| e.enrolled))
                            on:change=move |ev| { let on = event_target_checked(&ev); answers.update(|a| if let Some(e) = a.education.get_mut(i) { e.enrolled = on }) } />
                        {move || tr(lang.get(), "在校应届，尚未取得毕业证书", "Final-year student, no diploma yet")}
                    </label>
                    <Show when=move || answers.with(|a| a.education.get(i).is_some_and(|e| !e.enrolled))>
                        {field(lang, errors, format!("edu-{i}-graduated"), ("毕业日期", "Graduation date"), None, Kind::Date, get(|e| e.graduated.clone()), upd(|e, v| e.graduated = v))}
                    </Show>
                    {select(lang, format!("edu-{i}-class"), ("班级（技师学院）", "Class (technician college)"), vec![("预备技师班".into(), "预备技师班".into()), ("技师班".into(), "技师班".into())], get(|e| e.class.clone()), upd(|e, v| e.class = v))}
                    {remove_button(lang, move || answers.update(|a| { if i < a.education.len() { a.education.remove(i); } }))}
                </div>
            }
        }).collect_view()}
        {add_button(lang, ("＋ 添加学历", "+ Add a school record"), move || answers.update(|a| a.education.push(EducationAnswer::default())))}
    }
}

#[component]
fn TrainingEditor(answers: RwSignal<Answers>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    let count = Memo::new(move |_| answers.with(|a| a.training.len()));
    view! {
        <p class="pc-hint">{move || tr(lang.get(), "职业技能正规培训（须取得结业证书）。", "Formal vocational training (with a certificate of completion).")}</p>
        {move || (0..count.get()).map(|i| {
            let get = move |f: fn(&TrainingAnswer) -> String| move || answers.with(|a| a.training.get(i).map(f).unwrap_or_default());
            let upd = move |f: fn(&mut TrainingAnswer, String)| move |v: String| answers.update(|a| if let Some(t) = a.training.get_mut(i) { f(t, v) });
            view! {
                <div class="pc-entry" data-entry=format!("training-{i}")>
                    <h3>{move || format!("{} {}", tr(lang.get(), "培训", "Training"), i + 1)}</h3>
                    {field(lang, errors, format!("training-{i}-occupation"), ("培训的职业", "Occupation trained for"), None, Kind::Text, get(|t| t.occupation.clone()), upd(|t, v| t.occupation = v))}
                    {select(lang, format!("training-{i}-level"), ("培训等级", "Level"), level_options(), get(|t| t.level.clone()), upd(|t, v| t.level = v))}
                    {field(lang, errors, format!("training-{i}-hours"), ("标准学时", "Standard hours"), None, Kind::Number, get(|t| t.hours.clone()), upd(|t, v| t.hours = v))}
                    {yes_no(lang, format!("training-{i}-certificate"), ("取得结业证书了吗？", "Did you get the certificate of completion?"),
                        move || answers.with(|a| a.training.get(i).and_then(|t| t.certificate)),
                        move |v| answers.update(|a| if let Some(t) = a.training.get_mut(i) { t.certificate = Some(v) }))}
                    {remove_button(lang, move || answers.update(|a| { if i < a.training.len() { a.training.remove(i); } }))}
                </div>
            }
        }).collect_view()}
        {add_button(lang, ("＋ 添加培训", "+ Add training"), move || answers.update(|a| a.training.push(TrainingAnswer::default())))}
    }
}

#[component]
fn IdentityEditor(answers: RwSignal<Answers>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let errors = expect_context::<Errors>();
    view! {
        <p class="pc-hint">{move || tr(lang.get(),
            "用于检查填写是否有误。身份证号只保留在本页，除非你勾选保存；不会上传。",
            "Used to check the form for mistakes. The ID number stays on this page unless you choose to save it; nothing is uploaded.")}</p>
        {field(lang, errors, "id_number".into(), ("身份证号", "ID card number"), Some(("18 位，末位可能是 X", "18 characters; the last may be X")), Kind::Text,
            move || answers.with(|a| a.id_number.clone()), move |v| answers.update(|a| a.id_number = v))}
        <label class="pc-choice pc-inline">
            <input type="checkbox" id="keep_id_number"
                prop:checked=move || answers.with(|a| a.keep_id_number)
                on:change=move |ev| { let on = event_target_checked(&ev); answers.update(|a| a.keep_id_number = on) } />
            {move || tr(lang.get(), "在本机保存身份证号（下次打开仍在）", "Keep the ID number on this device")}
        </label>
        {field(lang, errors, "phone".into(), ("手机号", "Mobile number"), None, Kind::Number,
            move || answers.with(|a| a.phone.clone()), move |v| answers.update(|a| a.phone = v))}
        {field(lang, errors, "as_of".into(), ("申报表签字日期", "Signing date of the form"), Some(("不填则按今天计算；年限按提交报名之日计算，最终以评价机构审核为准。", "Blank means today; years are counted to the day you submit, the organiser's review decides.")), Kind::Date,
            move || answers.with(|a| a.as_of.clone()), move |v| answers.update(|a| a.as_of = v))}
    }
}
