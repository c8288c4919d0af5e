//! Who the employer is on the forms and what it may sign: the main job
//! (ongoing, not 兼职), the years in the post there, the name the form
//! carries for a post, and the employer's statement (工作单位意见), written
//! only when the condition is met, the main job goes on and its post counts.

use super::*;

/// The candidate's main job now, as the forms' 工作单位 means it.
#[derive(Clone, Copy)]
pub(super) enum MainJob<'a> {
    /// The ongoing period not marked 兼职 (the longest-standing of several).
    Current(usize, &'a WorkPeriod),
    /// No ongoing full-time job: every period has ended, or only 兼职 goes on.
    None,
}

impl<'a> Filler<'a> {
    /// The main job now: ongoing and not 兼职; of several, the one that
    /// started first (a problem asks the candidate to mark the others).
    /// Worked out once per sheet: the 工作单位 and 现从事岗位 boxes and the
    /// employer's statement all read it.
    pub(super) fn main_job(&mut self) -> MainJob<'a> {
        if let Some(main) = self.main {
            return main;
        }
        let main = self.find_main_job();
        self.main = Some(main);
        main
    }

    /// The main job's post as the forms write it and the time in that post,
    /// worked out once per sheet (the 现从事岗位 box and the employer's
    /// statement both write them).
    pub(super) fn main_post(&mut self, i: usize, w: &'a WorkPeriod) -> (String, PostTime) {
        if let Some(known) = &self.main_post {
            return known.clone();
        }
        let post = self.written_occupation(i, w);
        let time = self.time_in_post(w, &post);
        self.main_post = Some((post.clone(), time.clone()));
        (post, time)
    }

    fn find_main_job(&mut self) -> MainJob<'a> {
        let profile = self.profile;
        let mut full_time: Vec<(usize, &'a WorkPeriod)> = profile
            .work
            .iter()
            .enumerate()
            .filter(|(_, w)| w.end.is_none() && w.part_time != Some(true))
            .collect();
        full_time.sort_by_key(|(_, w)| w.start);
        let Some(&(i, w)) = full_time.first() else {
            return MainJob::None;
        };
        if full_time.len() > 1 {
            let employer = w.employer.as_deref().unwrap_or("").trim();
            self.problems.push(Problem::new(
                "work",
                format!(
                    "你有 {} 份在职的工作没有标为兼职：表上的工作单位只写主要工作的单位。草稿按最早开始的“{employer}”写出；如果它不是主要工作，请把其他的标为兼职",
                    full_time.len()
                ),
                format!(
                    "{} ongoing jobs are not marked part-time: the form's employer is your main job's. The sheet uses the earliest, \"{employer}\"; mark the others part-time if that is wrong",
                    full_time.len()
                ),
            ));
        }
        MainJob::Current(i, w)
    }

    /// 工作单位 / 现从事岗位 when no full-time job goes on.
    pub(super) fn no_main_job(&mut self, b: &FormBox, what_zh: &str, what_en: &str) -> BoxSheet {
        let ended = self.profile.work.iter().filter_map(|w| w.end).max();
        let (zh, en) = match ended {
            Some(d) => (
                format!("你填的工作都已结束（最近一段到 {d}）或只有兼职：这一栏写现在的{what_zh}，结束了的工作不是“现在的”；没有工作单位怎么填，指南没有说，请先问评价机构"),
                format!("Every job you entered has ended (the latest on {d}) or is part-time: this box is your current {what_en}, and a job that ended is not current; the guide does not say what to write without one: ask the organiser"),
            ),
            None => (
                format!("（待补充：现在的{what_zh}）"),
                format!("(to add: your current {what_en})"),
            ),
        };
        if self.needs_work() && ended.is_none() {
            return self.missing(
                b,
                "work",
                &format!("现在的{what_zh}"),
                &format!("your current {what_en}"),
                true,
            );
        }
        BoxSheet {
            write: zh,
            write_en: en,
            who: Some(Who::Candidate),
            field: Some("work".into()),
            ..self.base(b)
        }
    }

    /// Time in `post` (the occupation as the form writes it) at the employer
    /// of `w`: every period there in that post, merged and added up as the
    /// verdicts add up 累计 years (`period::cumulative`), to the signing date.
    /// Years in another post at the same employer are not in it: the form asks
    /// for the years in the post it names.
    pub(super) fn time_in_post(&mut self, w: &WorkPeriod, post: &str) -> PostTime {
        let employer = w.employer.as_deref().map(str::trim);
        let profile = self.profile;
        let mut spans = Vec::new();
        let mut other_posts: Vec<String> = Vec::new();
        for o in profile.work.iter() {
            if o.employer.as_deref().map(str::trim) != employer {
                continue;
            }
            let written = self.name_to_write(o).0;
            if base_name(&written) != base_name(post) {
                if !other_posts.contains(&written) && !written.is_empty() {
                    other_posts.push(written);
                }
                continue;
            }
            let Some(start) = o.start else { continue };
            let end = o.end.unwrap_or(self.as_of).min(self.as_of);
            if start < end {
                spans.push(Interval {
                    start,
                    end,
                    ongoing: o.end.is_none(),
                });
            }
        }
        let length = cumulative(&spans);
        PostTime::new(
            employer.unwrap_or_default(),
            post,
            &spans,
            length,
            &other_posts,
        )
    }

    /// The occupation to write for a work period, and the problem that
    /// writing it raises, if any: a list name as the candidate gave it
    /// (工种 in brackets kept); an informal title as its list name where the
    /// guide says the form carries list names (`list_names`), else as given.
    pub(super) fn name_to_write(&self, w: &WorkPeriod) -> (String, Option<(String, String)>) {
        let Some(occ) = w
            .occupation
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        else {
            return (
                String::new(),
                Some((
                    "工作经历需写明从事的职业（工种）".into(),
                    "Each work line needs the occupation".into(),
                )),
            );
        };
        let rule = self.list_names.and_then(|b| b.rule.as_deref());
        let cite = |b: &FormBox| format!("{}：“{}”", b.source, b.rule.as_deref().unwrap_or(""));
        match classify(&self.lists, occ, Scope::OwnOrRelated) {
            Match::Own | Match::Related => (occ.to_string(), None),
            Match::Excluded(quote) => (
                occ.to_string(),
                Some((
                    format!("“{occ}”在这个计划中不算相关职业（指南：{quote}），这段工作不计入年限"),
                    format!("\"{occ}\" does not count for this plan (the guide excludes it)"),
                )),
            ),
            Match::No => match (rule, self.list_names, suggest_occupation(occ, self.plan)) {
                (Some(_), Some(b), Some(s)) => (
                    s.suggested.clone(),
                    Some((
                        format!(
                            "“{occ}”是岗位俗称，指南要求申报表写名单上的职业名称（{}）：草稿按名单名称“{}”写出，只有属实才能这样写（{}）",
                            cite(b),
                            s.suggested,
                            s.list
                        ),
                        format!(
                            "\"{occ}\" is an informal title and the guide asks for the list name on the form ({}): the sheet writes \"{}\"; write it only if true",
                            b.source, s.suggested
                        ),
                    )),
                ),
                (Some(_), Some(b), None) => (
                    occ.to_string(),
                    Some((
                        format!(
                            "“{occ}”不在本职业或相关职业名单上：指南要求申报表写名单上的职业名称（{}），不在名单上的这段工作也不计入年限",
                            cite(b)
                        ),
                        format!(
                            "\"{occ}\" is not on the own or related lists: the guide asks for a list name on the form ({}), and this work does not count",
                            b.source
                        ),
                    )),
                ),
                // The guide sets no rule on the names (000: its 说明1 even
                // names posts such as 电子商务运营): write the post as given.
                _ => (occ.to_string(), None),
            },
        }
    }

    /// The occupation to write for work period `i`, with its problem listed.
    pub(super) fn written_occupation(&mut self, i: usize, w: &WorkPeriod) -> String {
        let (name, problem) = self.name_to_write(w);
        if let Some((zh, en)) = problem {
            self.problems
                .push(Problem::new(format!("work[{i}].occupation"), zh, en));
        }
        if name.is_empty() {
            "（待补充：职业名称）".into()
        } else {
            name
        }
    }

    pub(super) fn employer_opinion(&mut self, b: &FormBox) -> BoxSheet {
        let template = b.text.as_deref().unwrap_or_default().replace(',', "，");
        let condition = without_footnote_marks(&self.condition.text);
        let condition = condition.trim_end_matches('。').to_string();
        let as_template = template
            .replace("{部门}", GAP_MARK)
            .replace("{岗位}", GAP_MARK)
            .replace("{年数}", GAP_MARK)
            .replace("{条件}", GAP_MARK);
        let template_en = "What your employer will write and sign: a regular employee in its ____ department, in the post ____ for ____ years, meeting the condition ____.";
        let mut withhold = !self.met;
        let main = match self.main_job() {
            MainJob::Current(i, w) => Some((i, w)),
            MainJob::None => {
                withhold = true;
                let opening = template.split('，').next().unwrap_or_default().to_string();
                self.problems.push(Problem::new(
                    "work",
                    format!(
                        "工作单位意见由现在的工作单位填写并盖章（指南样例：“{opening}”）：你的答案里没有在职的主要工作（兼职不算），已经离开的单位不能这样写。没有在职单位时由谁签署，指南没有说，请先问评价机构"
                    ),
                    "The employer's opinion is written and stamped by your current employer (the sample opens \"a regular employee of our unit\"): your answers have no ongoing main job (part-time does not count), and a former employer cannot say so. The guide does not say who signs instead: ask the organiser".to_string(),
                ));
                None
            }
        };
        let scope = self
            .condition
            .requires
            .iter()
            .find_map(|r| match r {
                Requirement::Work(w) => Some(w.scope),
                _ => None,
            })
            .unwrap_or(Scope::OwnOrRelated);
        let mut filled = None;
        if let Some((i, w)) = main {
            let (post, time) = self.main_post(i, w);
            let counts = matches!(
                classify(&self.lists, &post, scope),
                Match::Own | Match::Related
            );
            if !counts {
                withhold = true;
                self.problems.push(Problem::new(
                    format!("work[{i}].occupation"),
                    format!("单位意见写的岗位要与工作经历一致（样例：“从事电子商务师(需与工作经历处一致)岗位”），而你现在的岗位“{post}”不是所选条件计入的职业：草稿不替单位写“从事{post}岗位……经核实，符合……条件”，请先和评价机构、单位确认"),
                    format!("The opinion names your post as in the work history, and your current post \"{post}\" is not an occupation your condition counts: the sheet does not write the statement for your employer; ask the organiser and your employer first"),
                ));
            }
            filled = Some((w, post, time));
        }
        let (w, post, time) = match filled {
            Some(f) if !withhold => f,
            _ => {
                return BoxSheet {
                    field: main.map(|(i, _)| format!("work[{i}]")),
                    ..self.withheld(b, as_template, template_en.to_string(), Some(Who::Employer))
                }
            }
        };
        let years = time.whole_years();
        let years_text = if years == 0 {
            "不满壹".to_string()
        } else {
            capital_number(years)
        };
        let department = w
            .department
            .as_deref()
            .map(department_name)
            .filter(|d| !d.is_empty());
        let mut gaps = Vec::new();
        if department.is_none() {
            gaps.push(Gap {
                what_zh: "部门(车间)：你所在部门的名称（可以在“关于你”的工作经历里填写）".into(),
                what_en:
                    "department: the name of your department (you can add it to the work period)"
                        .into(),
                who: Who::Candidate,
            });
        }
        let write = template
            .replace("{部门}", department.unwrap_or(GAP_MARK))
            .replace("{岗位}", &post)
            .replace("{年数}", &years_text)
            .replace("{条件}", &condition);
        let years_en = if years == 0 {
            "under 1 year".to_string()
        } else {
            format!("{years} year(s)")
        };
        BoxSheet {
            write,
            copy: true,
            write_en: format!(
                "Your employer writes and signs this statement: a regular employee in its {} department, working as {post} for {years_en} (in capital numerals: {years_text}), meeting the condition \"{}\".",
                department.unwrap_or("____"),
                self.condition.text_en
            ),
            gaps,
            working_zh: Some(time.working_zh),
            working_en: Some(time.working_en),
            who: Some(Who::Employer),
            field: main.map(|(i, _)| format!("work[{i}]")),
            source: format!("{}；年数是你在本单位这个岗位上的整年数，以单位核实为准", b.source),
            ..self.base(b)
        }
    }
}

/// The department as the sample's 「XXXXX部门(车间)」 takes it: `运营部`,
/// `运营部门` and `运营` all give `运营`, so that the sentence reads
/// 「运营部门(车间)」 rather than 「运营部部门(车间)」.
pub(super) fn department_name(d: &str) -> &str {
    let d = d.trim();
    ["部门", "部", "车间"]
        .iter()
        .find_map(|s| d.strip_suffix(s))
        .unwrap_or(d)
        .trim()
}

/// The time in one post at one employer, and how it was counted.
#[derive(Clone)]
pub(super) struct PostTime {
    length: Length,
    pub(super) working_zh: String,
    pub(super) working_en: String,
}

impl PostTime {
    pub(super) fn new(
        employer: &str,
        post: &str,
        spans: &[Interval],
        length: Length,
        other_posts: &[String],
    ) -> PostTime {
        let merged = crate::engine::period::merge(spans.to_vec());
        let list_zh: Vec<String> = merged
            .iter()
            .map(|s| {
                format!(
                    "{} 至 {}{}",
                    s.start,
                    s.end,
                    if s.ongoing {
                        "（在职，算到签字日）"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        let list_en: Vec<String> = merged
            .iter()
            .map(|s| format!("{} to {}", s.start, s.end))
            .collect();
        let years = length.months / 12;
        let mut zh = format!(
            "在“{employer}”任“{post}”：{}；合计 {}，整年 {years} 年",
            if list_zh.is_empty() {
                "（没有开始日期）".to_string()
            } else {
                list_zh.join("，")
            },
            length.zh()
        );
        let mut en = format!(
            "At \"{employer}\" as \"{post}\": {}; in all {}, {years} whole year(s)",
            list_en.join(", "),
            length.en()
        );
        if !other_posts.is_empty() {
            zh += &format!(
                "；在本单位任“{}”的时间不算在内（表上写的是这个岗位的年限）",
                other_posts.join("”“")
            );
            en += &format!(
                "; time in other posts there ({}) is not counted: the form asks for years in this post",
                other_posts.join(", ")
            );
        }
        if years == 0 {
            zh += "；不满一年怎么写，指南没有说：草稿写“不满壹年”（现从事岗位写“不满1年”），也可以按单位习惯写月数，以单位核实为准";
            en += "; the guide does not say how to write under a year: the sheet writes 不满壹年 (不满1年 for the post box); your employer may write months instead";
        }
        PostTime {
            length,
            working_zh: zh,
            working_en: en,
        }
    }

    pub(super) fn whole_years(&self) -> u32 {
        u32::try_from(self.length.months / 12).unwrap_or(0)
    }
}
