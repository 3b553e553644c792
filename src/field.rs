//! The columns of a hazard ledger: Annex 3 of the Ciqikou plan (seed 001) plus the
//! optional columns docs/rules.md lists. Reading maps headers to these; rendering
//! writes them back in the seed's order.

pub mod meaning;

use crate::columns::{Columns, Meaning};
use std::fmt;

/// One column of the ledger. The first eleven are Annex 3 in the seed's order,
/// then the tool's 编号, then the optional columns; exports and reports write them
/// in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 序号: row number in the source file.
    Seq,
    /// 单位名称: the inspected unit.
    Unit,
    /// 单位地址.
    Address,
    /// 单位负责人: the unit's head.
    UnitHead,
    /// 联系电话.
    Phone,
    /// 责任单位: responsible department or community.
    Dept,
    /// 责任人: responsible official.
    Owner,
    /// 问题隐患: the hazard found.
    Hazard,
    /// 整改措施及情况: measures and current state, free text.
    Measures,
    /// 整改时限: the deadline, a phrase or a date cell.
    Deadline,
    /// 备注.
    Remarks,
    /// 编号: the tool's own hazard id, for round trips.
    Id,
    /// 隐患等级: 一般 / 较大 / 重大.
    Level,
    /// 发现日期 / 检查日期 / 排查日期.
    Found,
    /// 整改状态: an explicit status beats the measures text.
    Status,
    /// 完成日期 / 销号日期.
    Closed,
    /// 行业领域.
    Sector,
    /// 延期时限: the approved new deadline.
    Extension,
    /// 延期审批: who approved the extension (two parties required).
    Approval,
    /// 约谈日期: when the escalation interview was held.
    Interview,
    /// 整改资金: money spent on the rectification, in 元 or 万元 as the header says.
    Funds,
    /// 隐患编号 / 隐患编码: another system's number for the hazard, which identifies it.
    Code,
    /// 隐患位置 / 检查对象 / 检查场所: where the hazard is, not who answers for it.
    Location,
    /// 检查人 / 排查人: who found it, never the one who must fix it.
    Inspector,
    /// 复查人 / 验收人 / 核查人: who re-inspected or accepted the work.
    Reviewer,
    /// 复查结果 / 验收结果 / 整改结果: the re-inspection's verdict, a second status column.
    ReviewResult,
}

impl Field {
    /// Every field, Annex 3 first in the seed's order, then 编号, then the optional ones.
    pub const ALL: [Field; 26] = [
        Field::Seq,
        Field::Unit,
        Field::Address,
        Field::UnitHead,
        Field::Phone,
        Field::Dept,
        Field::Owner,
        Field::Hazard,
        Field::Measures,
        Field::Deadline,
        Field::Remarks,
        Field::Id,
        Field::Level,
        Field::Found,
        Field::Status,
        Field::Closed,
        Field::Sector,
        Field::Extension,
        Field::Approval,
        Field::Interview,
        Field::Funds,
        Field::Code,
        Field::Location,
        Field::Inspector,
        Field::Reviewer,
        Field::ReviewResult,
    ];

    /// The eleven columns of Annex 3, in the seed's order.
    pub const ANNEX3: [Field; 11] = [
        Field::Seq,
        Field::Unit,
        Field::Address,
        Field::UnitHead,
        Field::Phone,
        Field::Dept,
        Field::Owner,
        Field::Hazard,
        Field::Measures,
        Field::Deadline,
        Field::Remarks,
    ];

    pub const COUNT: usize = Field::ALL.len();

    /// The columns other hazard systems write that Annex 3 lacks: read and
    /// kept, but not asked for in the office's own template.
    pub const OTHER_SYSTEMS: [Field; 5] = [
        Field::Code,
        Field::Location,
        Field::Inspector,
        Field::Reviewer,
        Field::ReviewResult,
    ];

    /// Position in [`Field::ALL`], for arrays indexed by field.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The header as the seed prints it (or docs/rules.md names it, for optional columns).
    pub fn label(self) -> &'static str {
        self.synonyms()[0]
    }

    /// English name, used by `--lang en` and as JSON keys.
    pub fn key(self) -> &'static str {
        match self {
            Field::Seq => "seq",
            Field::Unit => "unit",
            Field::Address => "address",
            Field::UnitHead => "unit_head",
            Field::Phone => "phone",
            Field::Dept => "dept",
            Field::Owner => "owner",
            Field::Hazard => "hazard",
            Field::Measures => "measures",
            Field::Deadline => "deadline",
            Field::Remarks => "remarks",
            Field::Level => "level",
            Field::Found => "found",
            Field::Status => "status",
            Field::Closed => "closed",
            Field::Sector => "sector",
            Field::Extension => "extended_deadline",
            Field::Approval => "extension_approval",
            Field::Interview => "interview",
            Field::Id => "id",
            Field::Funds => "funds",
            Field::Code => "code",
            Field::Location => "location",
            Field::Inspector => "inspector",
            Field::Reviewer => "reviewer",
            Field::ReviewResult => "review_result",
        }
    }

    /// Header texts that name this column in real files, compared after
    /// [`crate::text::compact`]. The first is the canonical label.
    ///
    /// Collected from the seeds and from ledgers as departments fill them in;
    /// a name that could mean two columns goes to the more common one.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Seq => &["序号", "序", "顺序号", "行号", "no", "no."],
            Field::Unit => &[
                "单位名称",
                "被检查单位",
                "被检查单位名称",
                "被检单位",
                "受检单位",
                "企业名称",
                "企业(单位)名称",
                "单位(企业)名称",
                "生产经营单位",
                "生产经营单位名称",
                "场所名称",
                "商户名称",
                "店铺名称",
                "公司名称",
                "单位",
                "名称",
            ],
            Field::Address => &[
                "单位地址",
                "地址",
                "企业地址",
                "详细地址",
                "场所地址",
                "经营地址",
                "所在地址",
                "所在地",
            ],
            Field::UnitHead => &[
                "单位负责人",
                "负责人",
                "企业负责人",
                "主要负责人",
                "法定代表人",
                "法人代表",
                "法人",
                "单位联系人",
                "联系人",
            ],
            Field::Phone => &[
                "联系电话",
                "电话",
                "联系方式",
                "电话号码",
                "手机",
                "手机号",
                "手机号码",
                "负责人电话",
                "负责人联系电话",
            ],
            Field::Dept => &[
                "责任单位",
                "责任科室",
                "责任部门",
                "责任社区",
                "牵头科室",
                "牵头单位",
                "监管科室",
                "监管单位",
                "所属社区",
                "属地社区",
                "科室",
                "社区",
            ],
            Field::Owner => &[
                "责任人",
                "包保责任人",
                "监管责任人",
                "整改责任人",
                "跟踪责任人",
                "责任领导",
                "督办人",
                "整改负责人",
            ],
            Field::Hazard => &[
                "问题隐患",
                "隐患问题",
                "问题隐患描述",
                "存在问题",
                "存在的问题",
                "存在的问题隐患",
                "隐患内容",
                "隐患描述",
                "隐患情况",
                "问题描述",
                "发现问题",
                "检查发现问题",
                "检查发现的问题",
                "主要问题",
                "安全隐患",
                "隐患",
                "问题",
            ],
            Field::Measures => &[
                "整改措施及情况",
                "整改措施及完成情况",
                "整改措施及整改情况",
                "整改措施",
                "整改情况",
                "整改落实情况",
                "整改进展",
                "整改进度",
                "处理情况",
                "措施及情况",
            ],
            Field::Deadline => &[
                "整改时限",
                "整改期限",
                "整改完成时限",
                "完成时限",
                "整改截止日期",
                "截止日期",
                "要求完成时间",
                "要求整改时间",
                "计划完成时间",
                "时限",
                "期限",
                "限期",
            ],
            Field::Remarks => &["备注", "备注说明", "说明", "其他"],
            Field::Level => &["隐患等级", "隐患级别", "隐患分级", "等级", "级别"],
            Field::Found => &[
                "发现日期",
                "发现时间",
                "检查日期",
                "检查时间",
                "排查日期",
                "排查时间",
                "登记日期",
                "日期",
            ],
            Field::Status => &[
                "整改状态",
                "状态",
                "是否整改",
                "是否整改完成",
                "是否完成整改",
                "完成情况",
                "整改完成情况",
                "隐患状态",
                "整改完成",
                "是否完成",
                "状态确认",
                "是否消除",
                "是否销号",
                "销号情况",
            ],
            Field::Closed => &[
                "完成日期",
                "整改完成日期",
                "整改完成时间",
                "完成时间",
                "实际完成日期",
                "实际完成时间",
                "销号日期",
                "销号时间",
                "验收日期",
            ],
            Field::Sector => &["行业领域", "行业", "领域", "所属行业", "行业类别"],
            Field::Extension => &[
                "延期时限",
                "延期期限",
                "延期整改时限",
                "延期日期",
                "延期至",
                "申请延期时限",
            ],
            Field::Approval => &[
                "延期审批",
                "延期审批人",
                "延期审批情况",
                "延期批准",
                "审批人",
            ],
            Field::Interview => &["约谈日期", "约谈时间", "约谈"],
            Field::Id => &["编号", "id"],
            Field::Funds => &[
                "整改资金",
                "整改资金(元)",
                "整改资金(万元)",
                "整改投入",
                "整改投入资金",
                "投入资金",
                "整改经费",
                "整改费用",
            ],
            Field::Code => &["隐患编号", "隐患编码", "问题编号"],
            Field::Location => &[
                "隐患位置",
                "隐患地点",
                "隐患部位",
                "隐患区域",
                "检查对象",
                "检查场所",
                "检查区域",
                "检查部位",
                "问题地点",
                "问题位置",
                "具体位置",
                "位置",
                "地点",
                "区域",
                "部位",
            ],
            Field::Inspector => &[
                "检查人",
                "检查人员",
                "排查人",
                "排查人员",
                "发现人",
                "巡查人",
                "检查组",
            ],
            Field::Reviewer => &[
                "复查人",
                "复查人员",
                "验收人",
                "核查人",
                "验证人",
                "稽核人",
                "复核人",
            ],
            Field::ReviewResult => &["复查结果", "验收结果", "核查结果", "复查意见", "验收意见"],
        }
    }

    /// The column a header names by its words (see [`meaning`]).
    pub fn by_meaning(key: &str, note: &str) -> Option<Meaning<Field>> {
        meaning::read(key, note)
    }

    /// Dates live in these columns; their cells go through the date grammar.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Field::Found | Field::Closed | Field::Extension | Field::Interview | Field::Deadline
        )
    }
}

impl Columns for Field {
    const ALL: &'static [Field] = &Field::ALL;
    const NUMBERING: Option<Field> = Some(Field::Seq);

    fn index(self) -> usize {
        self as usize
    }

    fn synonyms(self) -> &'static [&'static str] {
        Field::synonyms(self)
    }

    fn by_meaning(key: &str, note: &str) -> Option<Meaning<Field>> {
        Field::by_meaning(key, note)
    }

    /// A ledger names its hazards or its units.
    fn is_table(has: &dyn Fn(Field) -> bool) -> bool {
        has(Field::Hazard) || has(Field::Unit)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::compact;

    #[test]
    fn no_synonym_names_two_fields() {
        let mut seen = std::collections::HashMap::new();
        for field in Field::ALL {
            for s in field.synonyms() {
                assert_eq!(compact(s), *s, "synonyms are stored compacted: {s}");
                if let Some(other) = seen.insert(*s, field) {
                    panic!("{s} names both {other:?} and {field:?}");
                }
            }
        }
    }

    #[test]
    fn annex3_labels_are_the_seed_headers() {
        let labels: Vec<_> = Field::ANNEX3.iter().map(|f| f.label()).collect();
        assert_eq!(
            labels,
            [
                "序号",
                "单位名称",
                "单位地址",
                "单位负责人",
                "联系电话",
                "责任单位",
                "责任人",
                "问题隐患",
                "整改措施及情况",
                "整改时限",
                "备注"
            ]
        );
    }

    #[test]
    fn index_matches_position_in_all() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
        }
    }
}
