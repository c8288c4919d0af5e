//! The fill-in sheet (填写草稿): for a plan, a condition and a profile, every
//! box of the paper forms the condition needs (申报表, 承诺书), in the form's
//! order, with the exact words to write, the boxes to leave empty and the ones
//! only the candidate, the employer or the organiser can fill.
//!
//! The forms and their boxes are rules data (`[[form]]` in rules/plans/*.toml,
//! checked against the guide at build time); this module only fills them in.
//! The guides make the forms unforgiving — handwritten, no corrections, an
//! invalid form cannot be resubmitted — so what would make a form invalid comes
//! first, as `problems`, in the same shape as `evaluate`'s.

use super::period::{cumulative, Interval};
use super::{
    base_name, classify, form_problems, level_word, level_zh, suggest_occupation,
    unknown_condition, Lists, Match, Problem,
};
use crate::date::Date;
use crate::identity;
use crate::profile::{Education, Profile, SchoolType, WorkPeriod};
use crate::rules::{Condition, Fill, Form, FormBox, Plan, Requirement, Scope};
use serde::Serialize;

/// The sheet for one plan and condition. JSON: `plan`, `condition`, `as_of`,
/// `forms`, `problems`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    pub plan: String,
    pub condition: String,
    /// The signing date the dates and years are counted to.
    pub as_of: Date,
    pub forms: Vec<FormSheet>,
    /// What would make a form invalid, with the fix; empty when none.
    pub problems: Vec<Problem>,
}

/// One paper form. JSON: `form` (its name), `material`, `complete`, `rules`,
/// `note`, `note_en`, `boxes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormSheet {
    #[serde(rename = "form")]
    pub name: String,
    /// The material key it belongs to (`form`, `work_pledge`…).
    pub material: String,
    /// That material's name in the checklist (`申报表(单位盖章)`).
    pub material_name: String,
    /// The guide shows the whole form; otherwise only the boxes it speaks of.
    pub complete: bool,
    /// The guide's rules for the whole form, verbatim.
    pub rules: Vec<String>,
    #[serde(rename = "note")]
    pub note_zh: String,
    pub note_en: String,
    pub boxes: Vec<BoxSheet>,
}

/// Who fills a box that the sheet cannot write out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Who {
    /// Only the candidate: a signature, a number from a certificate…
    Candidate,
    /// The employer: its statement and stamp.
    Employer,
    /// The organiser (评价机构).
    Organiser,
}

/// One box. JSON: `box`, `write`, `write_en`, `blank`, `who`, `source`,
/// `rule`, `field`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoxSheet {
    /// As on the form.
    #[serde(rename = "box")]
    pub label: String,
    /// The words to write (when `who` is null), or what to put there.
    pub write: String,
    pub write_en: String,
    /// 此栏不填.
    pub blank: bool,
    /// `write` is the words to put in the box, to copy as they are (by
    /// whoever fills it); false: it says what to do (a hint, a signature).
    pub copy: bool,
    pub who: Option<Who>,
    /// Where the guide says it.
    pub source: String,
    /// The guide's sentence about this box, verbatim.
    pub rule: Option<String>,
    /// The answer it comes from (`work[0]`, `id_number`…), to go and change it.
    pub field: Option<String>,
}

/// The fill-in sheet for `plan`'s condition `condition_id`, signed on `as_of`.
pub fn sheet(
    plan: &Plan,
    condition_id: &str,
    profile: &Profile,
    as_of: Date,
) -> Result<Sheet, Problem> {
    let condition = plan
        .condition(condition_id)
        .ok_or_else(|| unknown_condition(plan, condition_id))?;
    let mut filler = Filler {
        plan,
        lists: Lists::of(plan),
        condition,
        profile,
        as_of,
        problems: form_problems(profile, as_of),
    };
    let forms = condition
        .materials
        .iter()
        .filter_map(|m| Some((m, plan.forms.iter().find(|f| f.material == m.key)?)))
        .map(|(m, f)| FormSheet {
            material_name: m.name.to_string(),
            ..filler.form(f)
        })
        .collect();
    let mut problems = Vec::new();
    for p in filler.problems {
        if !problems.contains(&p) {
            problems.push(p);
        }
    }
    Ok(Sheet {
        plan: plan.id.to_string(),
        condition: condition.id.to_string(),
        as_of,
        forms,
        problems,
    })
}

/// `n` in the capital numerals of Chinese finance (大写): 5 → 伍, 12 → 壹拾贰,
/// 20 → 贰拾, 0 → 零. The sample forms ask for years this way.
pub fn capital_number(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const UNITS: [char; 4] = ['\0', '拾', '佰', '仟'];
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let digits: Vec<u32> = n.to_string().bytes().map(|b| u32::from(b - b'0')).collect();
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, d) in digits.iter().enumerate() {
        let unit = UNITS[digits.len() - 1 - i];
        if *d == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        out.push(DIGITS[*d as usize]);
        if unit != '\0' {
            out.push(unit);
        }
    }
    out
}

/// The condition's words without the guide's footnote marks (`相关职业①`):
/// the marks point at the lists under the conditions, they are not words to copy.
fn without_footnote_marks(text: &str) -> String {
    text.chars().filter(|c| !('①'..='⑳').contains(c)).collect()
}

/// `2021.07` — the sample forms' year and month.
fn year_month(d: Date) -> String {
    format!("{:04}.{:02}", d.year(), d.month())
}

/// `2021.07.01` — the sample's 取证时间.
fn dotted(d: Date) -> String {
    format!("{:04}.{:02}.{:02}", d.year(), d.month(), d.day())
}

/// `2026年11月22日` — the sample's 承诺日期.
fn written_date(d: Date) -> String {
    format!("{}年{:02}月{:02}日", d.year(), d.month(), d.day())
}

struct Filler<'a> {
    plan: &'a Plan,
    lists: Lists<'a>,
    condition: &'a Condition,
    profile: &'a Profile,
    as_of: Date,
    problems: Vec<Problem>,
}

impl<'a> Filler<'a> {
    fn form(&mut self, form: &Form) -> FormSheet {
        let mut boxes = Vec::new();
        for b in form.boxes.iter() {
            let for_condition =
                b.conditions.is_empty() || b.conditions.contains(&self.condition.id);
            if !for_condition {
                // Another box of the same label is this condition's version.
                let twin = form.boxes.iter().any(|o| {
                    o.label == b.label
                        && (o.conditions.is_empty() || o.conditions.contains(&self.condition.id))
                });
                if !twin {
                    boxes.push(self.unrelated(form, b));
                }
                continue;
            }
            if !b.schools.is_empty() && !self.has_school(b) {
                boxes.push(BoxSheet {
                    write: format!("此栏不填（只有{}的考生填写）", b.schools.join("、")),
                    write_en: "Leave empty (only for candidates from the schools named)".into(),
                    blank: true,
                    ..self.base(b)
                });
                continue;
            }
            self.fill(b, &mut boxes);
        }
        let (note_zh, note_en) = if form.complete {
            (
                format!(
                    "按指南的申报表样例（{}），栏目顺序与表上一致。",
                    form.section
                ),
                format!(
                    "From the guide's sample form ({}), in the form's order.",
                    form.section
                ),
            )
        } else {
            (
                format!("指南文字版没有这份表的样例，只讲到下面这些栏目（{}）；表上其他栏目按表格本身的提示如实填写。", form.section),
                format!("The guide's text shows no sample of this form, only these boxes ({}); fill the others truthfully as the form asks.", form.section),
            )
        };
        FormSheet {
            name: form.name.to_string(),
            material: form.material.to_string(),
            material_name: String::new(),
            complete: form.complete,
            rules: form.rules.iter().map(|r| r.to_string()).collect(),
            note_zh,
            note_en,
            boxes,
        }
    }

    fn base(&self, b: &FormBox) -> BoxSheet {
        BoxSheet {
            label: b.label.to_string(),
            write: String::new(),
            write_en: String::new(),
            blank: false,
            copy: false,
            who: None,
            source: b.source.to_string(),
            rule: b.rule.as_ref().map(|r| r.to_string()),
            field: None,
        }
    }

    /// A box for other conditions than the chosen one.
    fn unrelated(&self, form: &Form, b: &FormBox) -> BoxSheet {
        match &form.unrelated_blank {
            Some(rule) => BoxSheet {
                write: "此栏不填（与所选申报条件无关）".into(),
                write_en: "Leave empty (not part of your chosen condition)".into(),
                blank: true,
                rule: Some(rule.to_string()),
                ..self.base(b)
            },
            None => BoxSheet {
                write: "所选条件不看此栏；有就如实填写，没有就空着".into(),
                write_en:
                    "Your condition does not rest on this box: fill it truthfully if it applies"
                        .into(),
                who: Some(Who::Candidate),
                ..self.base(b)
            },
        }
    }

    fn has_school(&self, b: &FormBox) -> bool {
        self.profile
            .education
            .iter()
            .filter_map(|e| e.school)
            .any(|s| b.schools.iter().any(|n| n == s.name()))
    }

    fn requires(&self, f: impl Fn(&Requirement) -> bool) -> bool {
        self.condition.requires.iter().any(f)
    }

    /// A box whose answer is missing: says what to add, and when the
    /// condition rests on it, lists it as a problem.
    fn missing(
        &mut self,
        b: &FormBox,
        field: &str,
        what_zh: &str,
        what_en: &str,
        needed: bool,
    ) -> BoxSheet {
        if needed {
            self.problems.push(Problem::new(
                field,
                format!(
                    "申报表的“{}”一栏需要{what_zh}，你的答案里还没有：请补充后再抄写",
                    b.label
                ),
                format!(
                    "The form's box \"{}\" needs {what_en}, which your answers lack: add it first",
                    b.label
                ),
            ));
        }
        BoxSheet {
            write: format!("（待补充：{what_zh}）"),
            write_en: format!("(to add: {what_en})"),
            who: Some(Who::Candidate),
            field: Some(field.to_string()),
            ..self.base(b)
        }
    }

    fn fill(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
        let base = self.base(b);
        let text = |zh: String, en: String| BoxSheet {
            write: zh,
            write_en: en,
            copy: true,
            ..base.clone()
        };
        let by = |who: Who, zh: &str, en: &str| BoxSheet {
            write: zh.to_string(),
            write_en: en.to_string(),
            who: Some(who),
            ..base.clone()
        };
        let boxed = match b.fill {
            Fill::Blank => BoxSheet {
                write: "此栏不填".into(),
                write_en: "Leave empty".into(),
                blank: true,
                ..base.clone()
            },
            Fill::Organiser => BoxSheet {
                write: "此栏不填（评价机构填写）".into(),
                write_en: "Leave empty (the organiser fills it)".into(),
                blank: true,
                who: Some(Who::Organiser),
                ..base.clone()
            },
            Fill::Candidate => by(
                Who::Candidate,
                b.hint_zh.as_deref().unwrap_or_default(),
                b.hint_en.as_deref().unwrap_or_default(),
            ),
            Fill::Signature => {
                let print = b.rule.as_deref().is_some_and(|r| r.contains("手印"));
                if print {
                    by(
                        Who::Candidate,
                        "本人亲笔签名（黑色签字笔），并按手印（红色印泥）；不可涂改",
                        "Sign yourself (black pen) and add your fingerprint (red ink); no corrections",
                    )
                } else {
                    by(Who::Candidate, "本人亲笔签名", "Sign yourself")
                }
            }
            Fill::EmployerStamp => by(
                Who::Employer,
                "由单位加盖公章或人力资源部门印章，并写日期",
                "Your employer stamps it (company or HR seal) and dates it",
            ),
            Fill::EmployerOpinion => return out.push(self.employer_opinion(b)),
            Fill::Photo => by(
                Who::Candidate,
                "贴一寸照片：与上传的那张相同",
                "Glue on the 1-inch photo: the same one you upload",
            ),
            Fill::Text => {
                let t = b.text.as_deref().unwrap_or_default().to_string();
                text(t.clone(), t)
            }
            Fill::Occupation => {
                let o = self.plan.form_occupation();
                text(o.clone(), o)
            }
            Fill::Level => {
                let l = level_word(self.plan.level).to_string();
                text(l.clone(), l)
            }
            Fill::IdNumber => match self.profile.id_number.as_deref() {
                Some(id) => BoxSheet {
                    field: Some("id_number".into()),
                    ..text(id.trim().to_uppercase(), id.trim().to_uppercase())
                },
                None => self.missing(b, "id_number", "身份证号", "your ID number", true),
            },
            Fill::Phone => match self.profile.phone.as_deref() {
                Some(p) => BoxSheet {
                    field: Some("phone".into()),
                    ..text(p.trim().to_string(), p.trim().to_string())
                },
                None => self.missing(b, "phone", "手机号", "your phone number", true),
            },
            Fill::Gender => match self.gender() {
                Some((zh, en)) => BoxSheet {
                    field: Some("id_number".into()),
                    ..text(zh.into(), en.into())
                },
                None => by(
                    Who::Candidate,
                    "男 或 女（填了身份证号后按身份证号给出）",
                    "男 or 女 (given from your ID number once you enter it)",
                ),
            },
            Fill::Employer => match self.current_work() {
                Some((i, w)) => match w
                    .employer
                    .as_deref()
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                {
                    Some(e) => BoxSheet {
                        field: Some(format!("work[{i}].employer")),
                        ..text(e.to_string(), e.to_string())
                    },
                    None => self.missing(
                        b,
                        &format!("work[{i}].employer"),
                        "工作单位全称",
                        "the employer's full name",
                        true,
                    ),
                },
                None => self.missing(
                    b,
                    "work",
                    "现在的工作单位",
                    "your current employer",
                    self.needs_work(),
                ),
            },
            Fill::CurrentPost => match self.current_post() {
                Some((field, post, years)) => BoxSheet {
                    field: Some(field),
                    ..text(
                        format!("{post}（{years}年）"),
                        format!("{post} ({years} years)"),
                    )
                },
                None => self.missing(
                    b,
                    "work",
                    "现在的岗位",
                    "your current post",
                    self.needs_work(),
                ),
            },
            Fill::Certificate | Fill::CertificateDate => return out.push(self.certificate(b)),
            Fill::WorkHistory => return self.work_history(b, out),
            Fill::EducationHistory => return self.education_history(b, out),
            Fill::TrainingHistory => return self.training_history(b, out),
            Fill::ConditionText => {
                let c = without_footnote_marks(&self.condition.text);
                BoxSheet {
                    write: c,
                    copy: true,
                    write_en: format!(
                        "Copy the condition's text in full: {}",
                        self.condition.text_en
                    ),
                    ..base.clone()
                }
            }
            Fill::SigningDate => {
                let d = written_date(self.as_of);
                BoxSheet {
                    field: Some("as_of".into()),
                    ..text(d.clone(), d)
                }
            }
        };
        out.push(boxed);
    }

    fn gender(&self) -> Option<(&'static str, &'static str)> {
        let id = self.profile.id_number.as_deref()?.trim();
        identity::check_id_number(id, self.as_of).ok()?;
        let digit = id.as_bytes().get(16)?.checked_sub(b'0')?;
        Some(if digit % 2 == 1 {
            ("男", "male")
        } else {
            ("女", "female")
        })
    }

    fn needs_work(&self) -> bool {
        self.requires(|r| matches!(r, Requirement::Work(_)))
    }

    /// The work period the candidate is in now (or the latest), with its index.
    fn current_work(&self) -> Option<(usize, &'a WorkPeriod)> {
        let work = &self.profile.work;
        work.iter()
            .enumerate()
            .filter(|(_, w)| w.end.is_none())
            .max_by_key(|(_, w)| w.start)
            .or_else(|| work.iter().enumerate().max_by_key(|(_, w)| w.end))
    }

    /// The current post as the form writes it: the answer it comes from
    /// (`work[i]`), the list name of its occupation, whole years at that employer.
    fn current_post(&mut self) -> Option<(String, String, u32)> {
        let (i, w) = self.current_work()?;
        let post = self.written_occupation(i, w);
        Some((format!("work[{i}]"), post, self.years_at_employer(w)))
    }

    /// Whole years the candidate has worked for `w`'s employer, to the signing date.
    fn years_at_employer(&self, w: &WorkPeriod) -> u32 {
        let same = |o: &&WorkPeriod| {
            o.employer.as_deref().map(str::trim) == w.employer.as_deref().map(str::trim)
        };
        let spans: Vec<Interval> = self
            .profile
            .work
            .iter()
            .filter(same)
            .filter_map(|o| {
                Some(Interval {
                    start: o.start?,
                    end: o.end.unwrap_or(self.as_of).min(self.as_of),
                    ongoing: o.end.is_none(),
                })
            })
            .collect();
        // Counted as the verdicts count 累计 years (engine::period).
        u32::try_from(cumulative(&spans).months / 12).unwrap_or(0)
    }

    /// The occupation to write for work period `i`: the list name, or the
    /// suggested list name for an informal title (with a problem saying so).
    fn written_occupation(&mut self, i: usize, w: &WorkPeriod) -> String {
        let Some(occ) = w
            .occupation
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        else {
            self.problems.push(Problem::new(
                format!("work[{i}].occupation"),
                "工作经历需写明从事的职业（工种），用名单上的名称",
                "Each work line needs the occupation, as named in the lists",
            ));
            return "（待补充：职业名称）".into();
        };
        match classify(&self.lists, occ, Scope::OwnOrRelated) {
            Match::Own | Match::Related => base_name(occ).to_string(),
            Match::Excluded(quote) => {
                self.problems.push(Problem::new(
                    format!("work[{i}].occupation"),
                    format!("“{occ}”在这个计划中不算相关职业（指南：{quote}），这段工作不计入年限"),
                    format!("\"{occ}\" does not count for this plan (the guide excludes it)"),
                ));
                occ.to_string()
            }
            Match::No => match suggest_occupation(occ, self.plan) {
                Some(s) => {
                    self.problems.push(Problem::new(
                        format!("work[{i}].occupation"),
                        format!("“{occ}”是岗位俗称，申报表上不能这样写：草稿按名单名称“{}”写出，只有属实才能这样写（{}）", s.suggested, s.list),
                        format!("\"{occ}\" is an informal title and may not go on the form: the sheet writes the list name \"{}\"; write it only if true", s.suggested),
                    ));
                    s.suggested
                }
                None => {
                    self.problems.push(Problem::new(
                        format!("work[{i}].occupation"),
                        format!("“{occ}”不在本职业或相关职业名单上：申报表上要写名单上的名称，不在名单上的这段工作不计入年限"),
                        format!("\"{occ}\" is not on the own or related lists: the form needs a list name, and this work does not count"),
                    ));
                    occ.to_string()
                }
            },
        }
    }

    fn work_history(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
        let mut order: Vec<usize> = (0..self.profile.work.len()).collect();
        order.sort_by_key(|&i| self.profile.work[i].start);
        if order.is_empty() {
            let needed = self.needs_work();
            out.push(if needed {
                self.missing(
                    b,
                    "work",
                    "工作经历（单位全称、起止年月、职业）",
                    "your work history",
                    true,
                )
            } else {
                BoxSheet {
                    write: "你没有填写工作经历：所选条件不看工作年限，没有就不填".into(),
                    write_en: "No work entered: your condition does not rest on work".into(),
                    who: Some(Who::Candidate),
                    field: Some("work".into()),
                    ..self.base(b)
                }
            });
            return;
        }
        let profile = self.profile;
        for i in order {
            let w = &profile.work[i];
            let start = w.start.map_or("（开始年月）".to_string(), year_month);
            let end = year_month(w.end.unwrap_or(self.as_of).min(self.as_of));
            let employer = w
                .employer
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .unwrap_or("（待补充：单位全称）")
                .to_string();
            let occupation = self.written_occupation(i, w);
            let ongoing = if w.end.is_none() {
                "（在职，截止到签字月份）"
            } else {
                ""
            };
            out.push(BoxSheet {
                write: format!("{start}-{end} {employer}，{occupation}"),
                copy: true,
                write_en: format!(
                    "{start}-{end} {employer}, {occupation}{}",
                    if w.end.is_none() {
                        " (ongoing: up to the signing month)"
                    } else {
                        ""
                    }
                ),
                field: Some(format!("work[{i}]")),
                source: format!("{}{ongoing}", b.source),
                ..self.base(b)
            });
        }
    }

    /// The school records that matter for the condition (all of them when it
    /// asks for none), with the major checked against the condition's list.
    fn education_history(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
        let options: Vec<_> = self
            .condition
            .requires
            .iter()
            .filter_map(|r| match r {
                Requirement::Education(e) => Some(e),
                _ => None,
            })
            .flat_map(|e| e.options.iter())
            .collect();
        let relevant = |e: &Education| {
            options.is_empty()
                || e.school.is_some_and(|s| {
                    options.iter().any(|o| {
                        o.schools
                            .iter()
                            .chain(o.unclear_schools.iter())
                            .any(|n| n == s.name())
                    })
                })
        };
        let records: Vec<(usize, &Education)> = self
            .profile
            .education
            .iter()
            .enumerate()
            .filter(|(_, e)| relevant(e))
            .collect();
        if records.is_empty() {
            let needed = !options.is_empty();
            out.push(self.missing(
                b,
                "education",
                "学历（学校类型、所学专业、毕业时间）",
                "your school record",
                needed,
            ));
            return;
        }
        for (i, e) in records {
            let school = e.school.map_or("（待补充：学校类型）", SchoolType::name);
            let major = match e.major.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
                Some(m) => {
                    self.check_major(i, e, m, &options);
                    m.to_string()
                }
                None => {
                    if !options.is_empty() {
                        self.problems.push(Problem::new(
                            format!("education[{i}].major"),
                            "所学专业需填写名单上的本专业或相关专业名称",
                            "The major must be written, as named in the majors list",
                        ));
                    }
                    "（待补充：所学专业）".into()
                }
            };
            let (when_zh, when_en) = match e.graduated {
                Some(d) if d <= self.as_of => (
                    format!("{} 毕业", year_month(d)),
                    format!("graduated {}", year_month(d)),
                ),
                Some(d) => (
                    format!("在校应届，预计 {} 毕业", year_month(d)),
                    format!("final year, graduating {}", year_month(d)),
                ),
                None => ("在校应届".into(), "final year".into()),
            };
            let class = e.class.map(|c| match c {
                crate::profile::TechnicianClass::PreparatoryTechnician => "，预备技师班",
                crate::profile::TechnicianClass::Technician => "，技师班",
            });
            out.push(BoxSheet {
                write: format!(
                    "（入学年月）-{} （{school}全称）{}，{major}",
                    when_zh,
                    class.unwrap_or_default()
                ),
                write_en: format!("(start)-{when_en} (the {school}'s full name), {major}"),
                copy: true,
                field: Some(format!("education[{i}]")),
                source: format!("{}；括号处照毕业证书或学籍证明填写", b.source),
                ..self.base(b)
            });
        }
    }

    fn check_major(
        &mut self,
        i: usize,
        e: &Education,
        major: &str,
        options: &[&crate::rules::EduOption],
    ) {
        let Some(school) = e.school else { return };
        let lists: Vec<_> = options
            .iter()
            .filter(|o| o.schools.iter().any(|n| n == school.name()))
            .filter_map(|o| o.majors.as_deref())
            .filter_map(|id| self.plan.major_list(id))
            .collect();
        if lists.is_empty() || lists.iter().any(|l| l.items.iter().any(|m| m == major)) {
            return;
        }
        let names: Vec<&str> = lists.iter().map(|l| &*l.name_zh).collect();
        let open = lists.iter().any(|l| l.open_ended);
        self.problems.push(Problem::new(
            format!("education[{i}].major"),
            format!(
                "所学专业“{major}”不在名单上（{}）：申报表上要写名单上的专业名称{}",
                names.join("、"),
                if open {
                    "；名单以“等”结尾，相近专业可能被接受，请先向评价机构确认"
                } else {
                    ""
                }
            ),
            format!("The major \"{major}\" is not on the list: the form needs a listed major name"),
        ));
    }

    fn training_history(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
        if self.profile.training.is_empty() {
            let needed = self.requires(|r| matches!(r, Requirement::Training(_)));
            out.push(self.missing(
                b,
                "training",
                "培训经历（职业、等级、学时、结业证书）",
                "your training",
                needed,
            ));
            return;
        }
        for (i, t) in self.profile.training.iter().enumerate() {
            let occ = t.occupation.as_deref().unwrap_or("（待补充：培训职业）");
            let level = t.level.map(level_word).unwrap_or_default();
            let hours = t.hours.map(|h| format!("，{h}学时")).unwrap_or_default();
            let cert = match t.certificate {
                Some(true) => "，已取得结业证书",
                Some(false) => "，未取得结业证书",
                None => "",
            };
            out.push(BoxSheet {
                write: format!("{occ}{level}培训{hours}{cert}"),
                copy: true,
                write_en: format!(
                    "{occ} {level} training{}",
                    t.hours.map(|h| format!(", {h} hours")).unwrap_or_default()
                ),
                field: Some(format!("training[{i}]")),
                ..self.base(b)
            });
        }
    }

    /// The certificate the condition asks for (its level, own or related
    /// occupation), or the candidate's highest when it asks for none.
    fn certificate(&mut self, b: &FormBox) -> BoxSheet {
        let level = self.condition.requires.iter().find_map(|r| match r {
            Requirement::Certificate(c) => Some(c.level),
            Requirement::Work(w) => match &w.after {
                Some(crate::rules::Anchor::Certificate { level }) => Some(*level),
                _ => None,
            },
            _ => None,
        });
        let certs = &self.profile.certificates;
        let counts = |c: &crate::profile::Certificate| {
            c.occupation.as_deref().is_some_and(|o| {
                matches!(
                    classify(&self.lists, o, Scope::OwnOrRelated),
                    Match::Own | Match::Related
                )
            })
        };
        let found = certs
            .iter()
            .enumerate()
            .filter(|(_, c)| level.is_none_or(|l| c.level == Some(l)))
            .max_by_key(|(_, c)| (counts(c), std::cmp::Reverse(c.issued)));
        let Some((i, c)) = found else {
            let what = level.map_or("职业资格证书".to_string(), |l| {
                format!("{}证书", level_zh(l))
            });
            return self.missing(b, "certificates", &what, "the certificate", level.is_some());
        };
        let base = BoxSheet {
            field: Some(format!("certificates[{i}]")),
            ..self.base(b)
        };
        if b.fill == Fill::CertificateDate {
            return match c.issued {
                Some(d) => BoxSheet {
                    write: dotted(d),
                    copy: true,
                    write_en: dotted(d),
                    ..base
                },
                None => self.missing(
                    b,
                    &format!("certificates[{i}].issued"),
                    "取证时间",
                    "the issue date",
                    true,
                ),
            };
        }
        let occ = c
            .occupation
            .as_deref()
            .map(base_name)
            .unwrap_or("（待补充：证书职业）");
        let lv = c.level.map(level_word).unwrap_or_default();
        BoxSheet {
            write: format!("{occ} {lv}"),
            copy: true,
            write_en: format!("{occ} {lv}"),
            ..base
        }
    }

    fn employer_opinion(&mut self, b: &FormBox) -> BoxSheet {
        let template = b.text.as_deref().unwrap_or_default().replace(',', "，");
        let (post, years, field) = match self.current_post() {
            Some((field, post, years)) => (post, years, Some(field)),
            None => ("（岗位）".to_string(), 0, None),
        };
        let years_text = if years == 0 {
            "（不满壹）".to_string()
        } else {
            capital_number(years)
        };
        let condition = without_footnote_marks(&self.condition.text);
        let condition = condition.trim_end_matches('。');
        let write = template
            .replace("{部门}", "＿＿＿＿")
            .replace("{岗位}", &post)
            .replace("{年数}", &years_text)
            .replace("{条件}", condition);
        BoxSheet {
            write,
            copy: true,
            write_en: format!(
                "Your employer writes and signs this statement: a regular employee in its ____ department, working as {post} for {years} year(s) (in capital numerals: {years_text}), meeting the condition \"{}\".",
                self.condition.text_en
            ),
            who: Some(Who::Employer),
            field,
            source: format!("{}；年数按你在本单位的工作时间整年计，以单位核实为准", b.source),
            ..self.base(b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::capital_number;

    #[test]
    fn capital_numerals_as_finance_writes_them() {
        let cases = [
            (0, "零"),
            (1, "壹"),
            (5, "伍"),
            (10, "壹拾"),
            (12, "壹拾贰"),
            (20, "贰拾"),
            (35, "叁拾伍"),
            (101, "壹佰零壹"),
            (1010, "壹仟零壹拾"),
        ];
        for (n, want) in cases {
            assert_eq!(capital_number(n), want, "{n}");
        }
    }
}
