//! Reading a header by what its words mean, for the many names real systems
//! give a column beyond the synonyms (“事故隐患名称与内容”, “整改截止时间”,
//! “整改责任单位”). Each rule names the words a header must hold, one of each
//! group, and the words that rule it out; the first rule that fits decides.
//! People and places that are neither the owner nor the unit (检查人, 复查人,
//! 检查对象) come before the owner and the unit, so that they never become them.

use super::Field;
use crate::columns::{Meaning, Why};

/// One reading of a header's words.
struct Rule {
    field: Field,
    /// Every group must have one of its words in the header.
    all: &'static [&'static [&'static str]],
    /// None of these may be in it.
    none: &'static [&'static str],
    /// How sure the reading is: 3 a clear description, 1 a weak hint.
    strength: u8,
    /// What the header means when a surer cell takes `field` ("整改时间"
    /// beside a 完成时限 is when the work was done).
    fallback: Option<Field>,
    zh: &'static str,
    en: &'static str,
}

const PERSON: &[&str] = &["人", "人员", "姓名"];
const DATE: &[&str] = &["日期", "时间"];
const REVIEW: &[&str] = &["复查", "验收", "核查", "验证", "稽核", "复核"];

/// The rules, in the order they are tried.
const RULES: &[Rule] = &[
    Rule {
        field: Field::Extension,
        all: &[&["延期"], &["时限", "期限", "日期", "时间", "至"]],
        none: &["审批", "批准"],
        strength: 3,
        fallback: None,
        zh: "含“延期”与时限",
        en: "says 延期 and a time",
    },
    Rule {
        field: Field::Approval,
        all: &[&["延期"], &["审批", "批准"]],
        none: &[],
        strength: 3,
        fallback: None,
        zh: "含“延期”与审批",
        en: "says 延期 and an approval",
    },
    Rule {
        field: Field::Code,
        all: &[
            &["隐患", "问题", "不符合项", "不合格项"],
            &["编号", "编码", "单号"],
        ],
        none: &[],
        strength: 3,
        fallback: None,
        zh: "隐患的编号",
        en: "a hazard's number",
    },
    Rule {
        field: Field::Reviewer,
        all: &[REVIEW, PERSON],
        none: &["日期", "时间", "单位", "部门", "意见", "结果", "电话"],
        strength: 3,
        fallback: None,
        zh: "复查、验收或核查的人",
        en: "the person who re-inspected or accepted",
    },
    Rule {
        field: Field::Closed,
        all: &[
            &["复查", "验收", "核查", "验证", "复核", "销号", "闭环"],
            DATE,
        ],
        none: &[],
        strength: 3,
        fallback: None,
        zh: "复查、验收或销号的日期",
        en: "the date of re-inspection, acceptance or write-off",
    },
    Rule {
        field: Field::ReviewResult,
        all: &[REVIEW, &["结果", "意见", "结论", "情况"]],
        none: &[],
        strength: 3,
        fallback: None,
        zh: "复查或验收的结果",
        en: "the result of re-inspection or acceptance",
    },
    Rule {
        field: Field::ReviewResult,
        all: &[&["整改", "治理"], &["结果"]],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "整改的结果",
        en: "the result of the fix",
    },
    Rule {
        field: Field::Unit,
        all: &[&["被检", "受检"]],
        none: &["人", "日期", "时间"],
        strength: 3,
        fallback: None,
        zh: "被检查的单位或部门",
        en: "the unit inspected",
    },
    Rule {
        field: Field::Inspector,
        all: &[
            &[
                "检查", "排查", "巡查", "盘查", "发现", "上报", "检测", "登记",
            ],
            PERSON,
        ],
        none: &["责任", "单位", "日期", "时间", "电话"],
        strength: 3,
        fallback: None,
        zh: "检查或排查的人，不是责任人",
        en: "the person who inspected, not the owner",
    },
    Rule {
        field: Field::Status,
        all: &[&["状态"]],
        none: &[],
        strength: 3,
        fallback: None,
        zh: "含“状态”",
        en: "says 状态",
    },
    Rule {
        field: Field::Status,
        all: &[&["销号情况", "消除情况", "闭环情况"]],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "销号或消除的情况",
        en: "whether written off or removed",
    },
    Rule {
        field: Field::Hazard,
        all: &[
            &["隐患", "问题", "不合格项", "不符合项", "缺陷"],
            &["描述", "内容", "详情", "简题", "摘要"],
        ],
        none: &[],
        strength: 3,
        fallback: None,
        zh: "隐患或问题的描述、内容",
        en: "describes the hazard or problem",
    },
    Rule {
        field: Field::Hazard,
        all: &[&["隐患", "问题", "不合格项", "不符合项"], &["名称", "情况"]],
        none: &["整改", "治理", "处理", "销号", "消除"],
        strength: 2,
        fallback: None,
        zh: "隐患或问题的名称",
        en: "names the hazard or problem",
    },
    Rule {
        field: Field::Hazard,
        all: &[&[
            "检查问题",
            "排查问题",
            "发现问题",
            "存在问题",
            "主要问题",
            "安全问题",
            "检查隐患",
            "排查隐患",
            "安全隐患",
            "事故隐患",
        ]],
        none: &[
            "等级", "级别", "类别", "类型", "分类", "图片", "照片", "位置", "地点", "部位", "区域",
            "日期", "时间", "人", "状态", "来源",
        ],
        strength: 2,
        fallback: None,
        zh: "发现的问题或隐患",
        en: "the problem or hazard found",
    },
    Rule {
        field: Field::Hazard,
        all: &[&["检查"], &["内容", "项"]],
        none: &[],
        strength: 1,
        fallback: None,
        zh: "检查的内容（没有隐患描述时）",
        en: "what was checked (when nothing describes the hazard)",
    },
    Rule {
        field: Field::Deadline,
        all: &[&["整改时间", "整改日期"]],
        none: &[],
        strength: 2,
        fallback: Some(Field::Closed),
        zh: "整改时间：有时限列时是完成时间",
        en: "the time to fix; the time fixed when a limit column exists",
    },
    Rule {
        field: Field::Deadline,
        all: &[&[
            "期限",
            "时限",
            "截止",
            "计划完成",
            "限时",
            "要求完成",
            "限期",
            "应完成",
        ]],
        none: &["延期"],
        strength: 3,
        fallback: None,
        zh: "期限、时限、截止或计划完成",
        en: "a limit, a due date or a planned completion",
    },
    Rule {
        field: Field::Closed,
        all: &[&["完成", "销号", "闭环", "消除"], DATE],
        none: &["计划", "要求", "应"],
        strength: 2,
        fallback: None,
        zh: "完成或销号的日期",
        en: "the date done or written off",
    },
    Rule {
        field: Field::Found,
        all: &[
            &["检查", "排查", "巡查", "发现", "登记", "上报", "录入"],
            DATE,
        ],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "检查或发现的日期",
        en: "the date inspected or found",
    },
    Rule {
        field: Field::Phone,
        all: &[&["电话", "手机", "联系方式"]],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "电话",
        en: "a phone",
    },
    Rule {
        field: Field::Dept,
        all: &[
            &["责任", "整改", "主管", "监管", "牵头", "属地"],
            &["单位", "部门", "科室", "社区", "班组", "车间"],
        ],
        none: &[],
        strength: 3,
        fallback: None,
        zh: "负责整改的单位或部门",
        en: "the department responsible for the fix",
    },
    Rule {
        field: Field::Owner,
        all: &[&["责任", "负责", "整改", "督办", "包保", "治理"], PERSON],
        none: &["单位负责人", "企业负责人", "主要负责人"],
        strength: 2,
        fallback: None,
        zh: "负责整改的人",
        en: "the person responsible for the fix",
    },
    Rule {
        field: Field::Measures,
        all: &[&["措施", "处置", "处理", "方案"]],
        none: &[],
        strength: 3,
        fallback: None,
        zh: "整改措施或处置",
        en: "measures or action taken",
    },
    Rule {
        field: Field::Measures,
        all: &[&["情况", "进展", "进度"], &["整改", "治理", "处理", "落实"]],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "整改或治理的情况",
        en: "how the fix stands",
    },
    Rule {
        field: Field::Measures,
        all: &[&["整改", "治理"], &["内容"]],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "整改的内容",
        en: "what the fix was",
    },
    Rule {
        field: Field::Measures,
        all: &[&["建议", "意见"], &["整改", "治理", "处理"]],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "整改建议",
        en: "the advice on the fix",
    },
    Rule {
        field: Field::Measures,
        all: &[&["要求"]],
        none: &[],
        strength: 1,
        fallback: None,
        zh: "整改要求",
        en: "the requirement",
    },
    Rule {
        field: Field::Level,
        all: &[&["等级", "级别", "严重程度"]],
        none: &["督办", "风险"],
        strength: 3,
        fallback: None,
        zh: "隐患的等级或级别",
        en: "the hazard's grade",
    },
    Rule {
        field: Field::Level,
        all: &[&["隐患"], &["类别"]],
        none: &[],
        strength: 1,
        fallback: None,
        zh: "隐患类别（可能是等级）",
        en: "the hazard's class (possibly its grade)",
    },
    Rule {
        field: Field::Remarks,
        all: &[&["备注"]],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "备注",
        en: "remarks",
    },
    Rule {
        field: Field::Funds,
        all: &[&["资金", "经费", "费用", "投入"]],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "整改资金",
        en: "money spent",
    },
    Rule {
        field: Field::Sector,
        all: &[&["行业"]],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "行业",
        en: "the sector",
    },
    Rule {
        field: Field::Dept,
        all: &[&["检查"], &["单位", "科室", "部门"]],
        none: &[],
        strength: 1,
        fallback: None,
        zh: "检查的科室（没有责任单位时）",
        en: "the inspecting department (when no responsible one is named)",
    },
    Rule {
        field: Field::Unit,
        all: &[
            &["单位", "企业", "公司", "商户", "店铺", "场所", "厂"],
            &["名称"],
        ],
        none: &["填报", "上报", "验收", "验证", "责任"],
        strength: 2,
        fallback: None,
        zh: "单位或企业的名称",
        en: "names the unit or company",
    },
    Rule {
        field: Field::Location,
        all: &[&["位置", "地点", "区域", "场所", "部位", "对象", "工点"]],
        none: &["单位", "地址", "电话", "人"],
        strength: 2,
        fallback: None,
        zh: "隐患所在的位置或对象",
        en: "where the hazard is",
    },
    Rule {
        field: Field::Address,
        all: &[&["地址"]],
        none: &[],
        strength: 2,
        fallback: None,
        zh: "地址",
        en: "an address",
    },
];

/// What `key` (a header compacted, without annotations) means, given what its
/// annotations said in `note`. An annotation that names the answers decides
/// first: “(是/否)” is a status, “（一般、重大）” a grade.
pub fn read(key: &str, note: &str) -> Option<Meaning<Field>> {
    if let Some(m) = by_annotation(key, note) {
        return Some(m);
    }
    // A system's internal key (管控措施ID, 企业id) is no field of a ledger.
    if key.ends_with("id") {
        return None;
    }
    let fits = |r: &&Rule| {
        r.all
            .iter()
            .all(|group| group.iter().any(|w| key.contains(w)))
            && !r.none.iter().any(|w| key.contains(w))
    };
    RULES.iter().find(fits).map(|r| Meaning {
        column: r.field,
        strength: r.strength,
        fallback: r.fallback,
        why: Why::Words(r.zh, r.en),
    })
}

/// A header whose annotation or form lists its answers: a yes/no question is
/// a status, a list of grades is the grade.
fn by_annotation(key: &str, note: &str) -> Option<Meaning<Field>> {
    let yes_no = note.contains('是') && note.contains('否');
    if yes_no || key.starts_with("是否") {
        return Some(Meaning {
            column: Field::Status,
            strength: 4,
            fallback: None,
            why: Why::Words("是/否 的问题", "a yes/no question"),
        });
    }
    let grades = ["一般", "较大", "重大"]
        .iter()
        .filter(|g| note.contains(*g));
    (grades.count() >= 2).then_some(Meaning {
        column: Field::Level,
        strength: 4,
        fallback: None,
        why: Why::Words("列出了隐患等级", "lists the grades"),
    })
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::read::header::field_of_label;

    fn reads(label: &str) -> Option<Field> {
        field_of_label::<Field>(label)
    }

    #[test]
    fn descriptions_by_their_words() {
        for label in [
            "事故隐患名称与内容",
            "事故隐患描述(简题)",
            "不合格项描述",
            "重大隐患描述",
            "问题描述",
            "隐患名称",
        ] {
            assert_eq!(reads(label), Some(Field::Hazard), "{label}");
        }
    }

    #[test]
    fn deadlines_by_their_words() {
        for label in [
            "整改截止时间",
            "计划完成日期",
            "治理期限",
            "限时时间",
            "整改期限",
        ] {
            assert_eq!(reads(label), Some(Field::Deadline), "{label}");
        }
        assert_eq!(reads("延期整改期限"), Some(Field::Extension));
    }

    #[test]
    fn people_in_their_own_roles_are_never_the_owner() {
        for label in ["检查人", "排查人", "检查人员", "发现人"] {
            assert_eq!(reads(label), Some(Field::Inspector), "{label}");
        }
        for label in ["复查人", "验收人", "稽核人", "核查人", "验证人"] {
            assert_eq!(reads(label), Some(Field::Reviewer), "{label}");
        }
        assert_eq!(reads("整改责任人"), Some(Field::Owner));
        assert_eq!(reads("责任人"), Some(Field::Owner));
    }

    #[test]
    fn places_are_never_the_unit() {
        for label in [
            "检查对象",
            "检查场所",
            "隐患地点",
            "隐患位置",
            "隐患具体位置",
        ] {
            assert_eq!(reads(label), Some(Field::Location), "{label}");
        }
        assert_eq!(reads("企业名称"), Some(Field::Unit));
    }

    #[test]
    fn departments_measures_and_dates_of_real_exports() {
        assert_eq!(reads("整改责任单位"), Some(Field::Dept));
        assert_eq!(reads("整改责任部门/责任人"), Some(Field::Dept));
        assert_eq!(reads("整改措施与要求"), Some(Field::Measures));
        assert_eq!(reads("处置措施"), Some(Field::Measures));
        assert_eq!(reads("验收日期"), Some(Field::Closed));
        assert_eq!(reads("复查日期"), Some(Field::Closed));
        assert_eq!(reads("实际整改完成时间"), Some(Field::Closed));
        assert_eq!(reads("复查结果"), Some(Field::ReviewResult));
        assert_eq!(reads("隐患编码"), Some(Field::Code));
    }

    #[test]
    fn an_annotation_that_lists_the_answers_decides() {
        assert_eq!(reads("整改情况(是/否)"), Some(Field::Status));
        assert_eq!(reads("整改情况"), Some(Field::Measures));
        assert_eq!(reads("是否消除"), Some(Field::Status));
        assert_eq!(reads("隐患类别（一般、重大）"), Some(Field::Level));
    }

    #[test]
    fn columns_that_are_something_else_stay_extras() {
        for label in [
            "隐患图片",
            "专业分类",
            "验收单位",
            "管控措施ID",
            "隐患分类",
            "上报单位",
        ] {
            assert_eq!(reads(label), None, "{label}");
        }
    }
}
