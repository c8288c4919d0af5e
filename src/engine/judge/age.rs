//! The age requirement, from the birth date (or the ID number).

use super::*;

impl Ctx<'_> {
    pub(crate) fn age(&self, a: &AgeReq) -> ReqOut {
        let years = a.years;
        let Some(id) = self
            .profile
            .id_number
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        else {
            return ReqOut::new(
                Status::NeedsInfo,
                format!("请填写身份证号（核对是否年满{years}周岁）"),
                format!("Give your ID number (to check you are {years} or over)"),
            );
        };
        let Some(birth) = identity::birth_date(id.trim()) else {
            return ReqOut::new(
                Status::NeedsInfo,
                "身份证号中读不出出生日期，请核对",
                "No birth date can be read from the ID number: check it",
            );
        };
        let Some(due) = birth.add_years(years.into()) else {
            return ReqOut::new(Status::NeedsInfo, "出生日期无效", "Invalid birth date");
        };
        if due <= self.as_of {
            ReqOut::new(
                Status::Met,
                format!("按身份证号，已年满{years}周岁"),
                format!("By the ID number, {years} or over"),
            )
        } else {
            ReqOut {
                checked: None,
                earliest: Some(due),
                ..ReqOut::new(
                    Status::NotMet,
                    format!("按身份证号，{due} 年满{years}周岁"),
                    format!("By the ID number, you turn {years} on {due}"),
                )
            }
        }
    }
}
