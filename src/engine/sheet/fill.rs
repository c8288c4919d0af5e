//! Filling the boxes of one form from the profile, in the form's order:
//! the words to copy, the boxes to leave empty, who else fills a box, and
//! what a missing answer would leave blank.

use super::*;

impl<'a> Filler<'a> {
    pub(super) fn form(&mut self, form: &Form) -> FormSheet {
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

    pub(super) fn base(&self, b: &FormBox) -> BoxSheet {
        BoxSheet {
            label: b.label.to_string(),
            write: String::new(),
            write_en: String::new(),
            blank: false,
            copy: false,
            withheld: false,
            gaps: Vec::new(),
            working_zh: None,
            working_en: None,
            who: None,
            source: b.source.to_string(),
            rule: b.rule.as_ref().map(|r| r.to_string()),
            field: None,
        }
    }

    /// A box that would certify the condition, while it is not met: what it
    /// will say, greyed, not to be written or signed yet.
    pub(super) fn withheld(
        &self,
        b: &FormBox,
        zh: String,
        en: String,
        who: Option<Who>,
    ) -> BoxSheet {
        BoxSheet {
            write: zh,
            write_en: en,
            withheld: true,
            who,
            ..self.base(b)
        }
    }

    /// A box for other conditions than the chosen one.
    pub(super) fn unrelated(&self, form: &Form, b: &FormBox) -> BoxSheet {
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

    pub(super) fn has_school(&self, b: &FormBox) -> bool {
        self.profile
            .education
            .iter()
            .filter_map(|e| e.school)
            .any(|s| b.schools.iter().any(|n| n == s.name()))
    }

    pub(super) fn requires(&self, f: impl Fn(&Requirement) -> bool) -> bool {
        self.condition.requires.iter().any(f)
    }

    /// A box whose answer is missing: says what to add, and when the
    /// condition rests on it, lists it as a problem.
    pub(super) fn missing(
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

    pub(super) fn fill(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
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
                let (zh, en) = if print {
                    (
                        "本人亲笔签名（黑色签字笔），并按手印（红色印泥）；不可涂改",
                        "Sign yourself (black pen) and add your fingerprint (red ink); no corrections",
                    )
                } else {
                    ("本人亲笔签名", "Sign yourself")
                };
                if self.met {
                    by(Who::Candidate, zh, en)
                } else {
                    self.withheld(
                        b,
                        format!("符合条件以后再签：{zh}"),
                        format!("Only once the condition is met: {en}"),
                        Some(Who::Candidate),
                    )
                }
            }
            Fill::EmployerStamp => {
                let (zh, en) = (
                    "由单位加盖公章或人力资源部门印章，并写日期",
                    "Your employer stamps it (company or HR seal) and dates it",
                );
                if self.met {
                    by(Who::Employer, zh, en)
                } else {
                    self.withheld(
                        b,
                        format!("符合条件以后：{zh}"),
                        format!("Only once the condition is met: {en}"),
                        Some(Who::Employer),
                    )
                }
            }
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
            Fill::Employer => match self.main_job() {
                MainJob::Current(i, w) => match w
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
                MainJob::None => self.no_main_job(b, "工作单位", "employer"),
            },
            Fill::CurrentPost => match self.main_job() {
                MainJob::Current(i, w) => {
                    let (post, time) = self.main_post(i, w);
                    let (zh, en) = match time.whole_years() {
                        0 => ("不满1年".to_string(), "under 1 year".to_string()),
                        n => (format!("{n}年"), format!("{n} years")),
                    };
                    BoxSheet {
                        field: Some(format!("work[{i}]")),
                        working_zh: Some(time.working_zh),
                        working_en: Some(time.working_en),
                        ..text(format!("{post}（{zh}）"), format!("{post} ({en})"))
                    }
                }
                MainJob::None => self.no_main_job(b, "岗位", "post"),
            },
            Fill::Certificate | Fill::CertificateDate => return out.push(self.certificate(b)),
            Fill::WorkHistory => return self.work_history(b, out),
            Fill::EducationHistory => return self.education_history(b, out),
            Fill::TrainingHistory => return self.training_history(b, out),
            Fill::ConditionText => {
                let c = without_footnote_marks(&self.condition.text);
                let en = format!(
                    "Copy the condition's text in full: {}",
                    self.condition.text_en
                );
                if self.met {
                    BoxSheet {
                        write: c,
                        copy: true,
                        write_en: en,
                        ..base.clone()
                    }
                } else {
                    self.withheld(b, c, en, None)
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

    pub(super) fn gender(&self) -> Option<(&'static str, &'static str)> {
        let id = self.profile.id_number.as_deref()?.trim();
        identity::check_id_number(id, self.as_of).ok()?;
        let digit = id.as_bytes().get(16)?.checked_sub(b'0')?;
        Some(if digit % 2 == 1 {
            ("男", "male")
        } else {
            ("女", "female")
        })
    }

    pub(super) fn needs_work(&self) -> bool {
        self.requires(|r| matches!(r, Requirement::Work(_)))
    }

    pub(super) fn work_history(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
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
            let mut occupation = self.written_occupation(i, w);
            if w.part_time == Some(true) {
                occupation += "（兼职）";
            }
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
    pub(super) fn education_history(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
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
            let class = e.class.map(|c| format!("，{}", c.name()));
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

    pub(super) fn check_major(
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

    pub(super) fn training_history(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
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
            let hours_needed = self
                .condition
                .requires
                .iter()
                .any(|r| matches!(r, Requirement::Training(tr) if tr.min_hours.is_some()));
            let hours = match t.hours {
                Some(h) => format!("，{h}学时"),
                None if hours_needed => "，（待补充：学时）".to_string(),
                None => String::new(),
            };
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
    pub(super) fn certificate(&mut self, b: &FormBox) -> BoxSheet {
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
}
