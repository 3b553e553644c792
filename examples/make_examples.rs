//! Regenerates the ledgers of the bundled example workspace `examples/ciqikou/`:
//! the June and July 2022 hazard rectification ledgers (Annex 3, 安全生产大检查
//! 问题整改台账) that 磁器口街道's departments and community hand in.
//!
//! The files look as real clerks' files do — a merged title over the header, a
//! merged 责任单位 column, a header split over two rows, a notes sheet, Excel
//! date and number cells, GB18030 CSV with a quoted multi-line cell, footers —
//! and carry a few real mistakes (an unparseable deadline, a mistyped phone, an
//! extension signed by one party only) for `ledger check` to find.
//!
//! It also writes the July 2022 submissions of the example district workspace
//! `examples/shapingba/` (沙坪坝区): 磁器口街道's monthly report, made from the
//! store of `examples/ciqikou/` as `ledger report` makes it; 童家桥街道's plain
//! Annex 3 workbook; and 石井坡街道's GB18030 CSV with 隐患等级, 发现日期,
//! 完成日期 and 挂牌督办 columns.
//!
//! It is a Cargo example rather than a committed set of binaries so that the
//! data stays reviewable as text and can be rebuilt with the crate's own
//! dependencies: `cargo run --example make-examples` (from the crate root)
//! overwrites `examples/ciqikou/ledgers/2022-06/` and `2022-07/`. The content
//! is fixed: no randomness and no use of today's date.

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::path::{Path, PathBuf};

type Ymd = (u16, u8, u8);
type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The Annex 3 header as the seed prints it, line breaks included.
const ANNEX3: [&str; 11] = [
    "序号",
    "单位\n\n名称",
    "单位\n\n地址",
    "单位\n负责人",
    "联系电话",
    "责任\n单位",
    "责任人",
    "问题隐患",
    "整改措施及情况",
    "整改\n时限",
    "备注",
];

/// Optional columns the 应急办 adds after Annex 3.
const OPTIONAL: [&str; 5] = ["隐患等级", "发现日期", "延期时限", "延期审批", "约谈日期"];

/// A cell value as a clerk would type it.
#[derive(Clone, Copy)]
enum Cell {
    Text(&'static str),
    Number(f64),
    Date(Ymd),
    Empty,
}

impl From<&'static str> for Cell {
    fn from(s: &'static str) -> Self {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }
}

// ---------------------------------------------------------------------------
// 应急办: one workbook per month, Annex 3 plus optional columns.
// ---------------------------------------------------------------------------

/// A hazard on the 应急办 ledger: what stays the same from month to month.
struct Case {
    unit: &'static str,
    address: &'static str,
    head: &'static str,
    phone: Cell,
    owner: &'static str,
    hazard: &'static str,
    deadline: Cell,
    remarks: &'static str,
    level: &'static str,
    found: Ymd,
    /// 延期时限 and 延期审批, when an extension was asked for.
    extension: Option<(Ymd, &'static str)>,
}

/// Where a hazard stands in one month's file.
struct Progress {
    measures: &'static str,
    interview: Option<Ymd>,
}

const fn open(measures: &'static str) -> Progress {
    Progress {
        measures,
        interview: None,
    }
}

/// Hazards found by 应急办 in June 2022.
const YJB_JUNE_CASES: [Case; 10] = [
    Case {
        unit: "磁器口老陈麻花店",
        address: "沙坪坝区磁器口正街12号",
        head: "陈明",
        phone: Cell::Text("13812345678"),
        owner: "赵家平",
        hazard: "店内灭火器压力不足",
        deadline: Cell::Text("立即整改"),
        remarks: "",
        level: "一般",
        found: (2022, 6, 12),
        extension: None,
    },
    Case {
        unit: "鑫源茶馆",
        address: "磁器口横街28号",
        head: "王德兴",
        phone: Cell::Text("13908312276"),
        owner: "赵家平",
        hazard: "电线私拉乱接，插线板串接使用",
        deadline: Cell::Text("6月底"),
        remarks: "",
        level: "一般",
        found: (2022, 6, 8),
        extension: None,
    },
    Case {
        unit: "栖木民宿",
        address: "磁器口金碧正街56号",
        head: "黄丽",
        phone: Cell::Text("15923456781"),
        owner: "赵家平",
        hazard: "疏散通道堆放杂物，安全出口指示灯损坏",
        deadline: Cell::Text("15日内"),
        remarks: "",
        level: "一般",
        found: (2022, 6, 15),
        extension: None,
    },
    Case {
        unit: "磁器口加油站",
        address: "沙坪坝区磁器口童家桥1号",
        head: "罗建军",
        phone: Cell::Text("023-65301234"),
        owner: "赵家平",
        hazard: "卸油区静电接地报警仪故障",
        deadline: Cell::Text("7个工作日内"),
        remarks: "",
        level: "较大",
        found: (2022, 6, 20),
        extension: None,
    },
    Case {
        unit: "磁器口液化气供应站",
        address: "沙坪坝区磁器口凤凰村8号",
        head: "邓志强",
        phone: Cell::Text("13635412098"),
        owner: "赵家平",
        hazard: "储罐区可燃气体泄漏报警装置失效，罐区防火间距不足",
        deadline: Cell::Date((2022, 7, 16)),
        remarks: "挂牌督办",
        level: "重大",
        found: (2022, 6, 6),
        extension: Some(((2022, 8, 15), "园区攻坚指挥部、区应急局")),
    },
    Case {
        unit: "永兴仓储仓库",
        address: "磁器口正街后巷3号",
        head: "何永兴",
        phone: Cell::Text("18623015567"),
        owner: "刘洋",
        hazard: "仓库内设置员工宿舍，形成“三合一”场所",
        deadline: Cell::Date((2022, 6, 17)),
        remarks: "重大火灾隐患",
        level: "重大",
        found: (2022, 6, 2),
        extension: Some(((2022, 7, 31), "园区攻坚指挥部")),
    },
    Case {
        unit: "古镇老街火锅店",
        address: "磁器口金碧正街20号",
        head: "杨勇",
        phone: Cell::Number(13983201456.0),
        owner: "刘洋",
        hazard: "后厨燃气软管老化，未安装燃气泄漏报警装置",
        deadline: Cell::Date((2022, 6, 10)),
        remarks: "",
        level: "一般",
        found: (2022, 6, 1),
        extension: None,
    },
    Case {
        unit: "张记麻花作坊",
        address: "磁器口横街15号",
        head: "张桂芳",
        phone: Cell::Text("13752309841"),
        owner: "刘洋",
        hazard: "油炸锅旁堆放面粉袋等可燃物",
        deadline: Cell::Text("立即整改"),
        remarks: "",
        level: "一般",
        found: (2022, 6, 16),
        extension: None,
    },
    Case {
        unit: "磁器口鸡杂馆",
        address: "磁器口正街88号",
        head: "李国庆",
        phone: Cell::Text("13368021547"),
        owner: "刘洋",
        hazard: "消防安全制度未上墙，员工未开展消防培训",
        deadline: Cell::Text("2022年5月至党的二十大结束"),
        remarks: "",
        level: "一般",
        found: (2022, 6, 22),
        extension: None,
    },
    Case {
        unit: "巴渝小吃店",
        address: "磁器口正街102号",
        head: "吴小红",
        phone: Cell::Text("15102345678"),
        owner: "刘洋",
        hazard: "店内给电动自行车充电",
        deadline: Cell::Text("立即整改"),
        remarks: "",
        level: "一般",
        found: (2022, 6, 24),
        extension: None,
    },
];

/// June state of `YJB_JUNE_CASES`, row for row.
const YJB_JUNE: [Progress; 10] = [
    open("已于6月12日更换灭火器，整改完毕"),
    open("正在整改"),
    open("已责令整改"),
    open(""),
    open("已制定整改方案，停用2号储罐，正在整改"),
    open("部分整改，员工已陆续搬出"),
    Progress {
        measures: "已责令整改，逾期未改",
        interview: Some((2022, 6, 13)),
    },
    open("已于6月16日清理可燃物，整改完毕"),
    open(""),
    open("已于6月24日现场劝离，整改完毕"),
];

/// July state of `YJB_JUNE_CASES`, row for row.
const YJB_JULY: [Progress; 10] = [
    open("复查合格，已销号"),
    open("已于7月5日整改完毕"),
    open("已于7月3日清理通道、更换指示灯，整改完毕"),
    open("已于7月2日更换静电接地报警仪，复查合格，已销号"),
    open("整改中，2号储罐已停用，报警装置采购中"),
    Progress {
        measures: "已于7月8日搬离员工宿舍，整改完毕",
        interview: Some((2022, 7, 1)),
    },
    Progress {
        measures: "已于7月5日更换软管、安装报警装置，整改完毕",
        interview: Some((2022, 6, 13)),
    },
    open("复查合格，已销号"),
    open("正在整改"),
    open("复查合格，已销号"),
];

/// Hazards 应急办 found in July 2022, with their July state.
const YJB_JULY_NEW: [(Case, Progress); 3] = [
    (
        Case {
            unit: "磁器口古镇客栈",
            address: "磁器口金碧正街66号",
            head: "周晓梅",
            phone: Cell::Text("13883457720"),
            owner: "赵家平",
            hazard: "室内消火栓被杂物遮挡，2具灭火器过期",
            deadline: Cell::Text("立即整改"),
            remarks: "",
            level: "一般",
            found: (2022, 7, 12),
            extension: None,
        },
        open("已于7月12日清理杂物、更换灭火器，整改完毕"),
    ),
    (
        Case {
            unit: "汇丰仓储仓库",
            address: "沙坪坝区磁器口童家桥12号",
            head: "孙海",
            phone: Cell::Text("13594108823"),
            owner: "赵家平",
            hazard: "库房内违规存放油漆、稀释剂等易燃物品",
            deadline: Cell::Date((2022, 7, 28)),
            remarks: "",
            level: "较大",
            found: (2022, 7, 18),
            extension: None,
        },
        open("已责令整改"),
    ),
    (
        Case {
            unit: "码头茶楼",
            address: "磁器口码头街5号",
            head: "蒋文才",
            phone: Cell::Text("13320317764"),
            owner: "刘洋",
            hazard: "厨房排油烟管道油垢积聚，未定期清洗",
            deadline: Cell::Text("7月底"),
            remarks: "",
            level: "一般",
            found: (2022, 7, 20),
            extension: None,
        },
        open("正在整改"),
    ),
];

/// The formats of a printed ledger.
struct Formats {
    title: Format,
    left: Format,
    header: Format,
    body: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            left: Format::new().set_align(FormatAlign::Left),
            header: cell.clone().set_bold().set_align(FormatAlign::Center),
            date: cell.clone().set_num_format("yyyy/m/d"),
            body: cell,
        }
    }
}

/// Writes one cell with the body or date format.
fn put(ws: &mut Worksheet, row: u32, col: u16, cell: Cell, f: &Formats) -> Result<()> {
    match cell {
        Cell::Text(s) => {
            ws.write_string_with_format(row, col, s, &f.body)?;
        }
        Cell::Number(n) => {
            ws.write_number_with_format(row, col, n, &f.body)?;
        }
        Cell::Date((y, m, d)) => {
            let dt = ExcelDateTime::from_ymd(y, m, d)?;
            ws.write_datetime_with_format(row, col, &dt, &f.date)?;
        }
        Cell::Empty => {
            ws.write_blank(row, col, &f.body)?;
        }
    }
    Ok(())
}

/// Writes `values` down column `col` from `first_row`, merging runs of the
/// same value into one cell as clerks do for 责任单位 and 责任人.
fn merge_runs(
    ws: &mut Worksheet,
    first_row: u32,
    col: u16,
    values: &[&'static str],
    f: &Formats,
) -> Result<()> {
    let mut start = 0;
    while start < values.len() {
        let end = (start..values.len())
            .find(|&i| values[i] != values[start])
            .unwrap_or(values.len());
        let (top, bottom) = (first_row + start as u32, first_row + end as u32 - 1);
        if top == bottom {
            put(ws, top, col, Cell::from(values[start]), f)?;
        } else {
            ws.merge_range(top, col, bottom, col, values[start], &f.body)?;
        }
        start = end;
    }
    Ok(())
}

/// The 应急办 monthly workbook: title, fill-in line, header, hazards, footer.
fn yjb_workbook(path: &Path, filled: &'static str, rows: &[(&Case, &Progress)]) -> Result<()> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("台账")?;
    let last_col = (ANNEX3.len() + OPTIONAL.len() - 1) as u16;
    ws.merge_range(0, 0, 0, last_col, "磁器口安全生产大检查台账", &f.title)?;
    ws.set_row_height(0, 30)?;
    ws.merge_range(1, 0, 1, 3, "填报单位：应急办", &f.left)?;
    ws.merge_range(1, 12, 1, last_col, filled, &f.left)?;
    for (c, label) in ANNEX3.iter().chain(OPTIONAL.iter()).enumerate() {
        ws.write_string_with_format(2, c as u16, *label, &f.header)?;
    }
    ws.set_row_height(2, 48)?;
    let widths = [
        5.0, 16.0, 20.0, 8.0, 13.0, 8.0, 8.0, 28.0, 26.0, 12.0, 10.0, 8.0, 11.0, 11.0, 16.0, 11.0,
    ];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

    let first = 3;
    for (i, (case, progress)) in rows.iter().enumerate() {
        let r = first + i as u32;
        let (ext_date, approval) = match case.extension {
            Some((d, who)) => (Cell::Date(d), Cell::Text(who)),
            None => (Cell::Empty, Cell::Empty),
        };
        let cells = [
            (0, Cell::Number((i + 1) as f64)),
            (1, case.unit.into()),
            (2, case.address.into()),
            (3, case.head.into()),
            (4, case.phone),
            (7, case.hazard.into()),
            (8, progress.measures.into()),
            (9, case.deadline),
            (10, case.remarks.into()),
            (11, case.level.into()),
            (12, Cell::Date(case.found)),
            (13, ext_date),
            (14, approval),
            (15, progress.interview.map_or(Cell::Empty, Cell::Date)),
        ];
        for (c, cell) in cells {
            put(ws, r, c, cell, &f)?;
        }
    }
    let depts: Vec<&str> = rows.iter().map(|_| "应急办").collect();
    let owners: Vec<&str> = rows.iter().map(|(c, _)| c.owner).collect();
    merge_runs(ws, first, 5, &depts, &f)?;
    merge_runs(ws, first, 6, &owners, &f)?;

    let footer = first + rows.len() as u32 + 1;
    ws.merge_range(
        footer,
        0,
        footer,
        last_col,
        "填报人：李静    审核人：赵家平",
        &f.left,
    )?;
    wb.save(path)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// 市政办: a notes sheet, then a ledger whose header is split over two rows.
// ---------------------------------------------------------------------------

/// One hazard on the 市政办 ledger; 责任单位 and 责任人 are the same on every row.
struct SzbItem {
    unit: &'static str,
    address: &'static str,
    head: &'static str,
    phone: &'static str,
    hazard: &'static str,
    measures: &'static str,
    deadline: Cell,
    remarks: &'static str,
}

/// `None` is a blank row the clerk left in the middle.
const SZB_JUNE: [Option<SzbItem>; 7] = [
    Some(SzbItem {
        unit: "磁器口正街步行街",
        address: "磁器口正街",
        head: "张建国",
        phone: "13883120954",
        hazard: "路面石板松动破损3处，易绊倒游客",
        measures: "已通知养护单位更换石板",
        deadline: Cell::Text("6月30日"),
        remarks: "",
    }),
    Some(SzbItem {
        unit: "金碧停车场",
        address: "磁器口金碧正街入口",
        head: "刘开明",
        phone: "13996054412",
        hazard: "出入口减速带缺失，夜间照明不足",
        measures: "正在整改",
        deadline: Cell::Text("一周内"),
        remarks: "",
    }),
    Some(SzbItem {
        unit: "横街沿街商铺户外广告牌",
        address: "磁器口横街32号",
        head: "郑小兵",
        phone: "15826014437",
        hazard: "户外广告牌支架锈蚀，固定螺栓松动，有坠落风险",
        measures: "已责令整改",
        deadline: Cell::Text("尽快"),
        remarks: "",
    }),
    None,
    Some(SzbItem {
        unit: "磁器口正街公厕化粪池",
        address: "磁器口正街公厕旁",
        head: "钟永福",
        phone: "13452087731",
        hazard: "化粪池盖板破损，未设置警示标识",
        measures: "已设置临时围挡",
        deadline: Cell::Text("7月上旬"),
        remarks: "",
    }),
    Some(SzbItem {
        unit: "金碧正街45号商铺装修",
        address: "磁器口金碧正街45号",
        head: "谢东",
        phone: "18716639025",
        hazard: "零星装修作业动火未办理审批，现场未配备灭火器",
        measures: "已责令停工整改",
        deadline: Cell::Text("月底"),
        remarks: "",
    }),
    Some(SzbItem {
        unit: "童家桥路口人行道",
        address: "沙坪坝区磁器口童家桥路口",
        head: "张建国",
        phone: "13883120954",
        hazard: "人行道护栏缺失约20米，临近车行道",
        measures: "已上报区城市管理局",
        deadline: Cell::Date((2022, 7, 15)),
        remarks: "属区级事权",
    }),
];

const SZB_NOTES: [&str; 3] = [
    "1. 本表由各科室、社区每月填报，每月底前报街道安委办（2656099365@qq.com）。",
    "2. 整改时限请写明具体日期，或写“立即整改”“X日内”等。",
    "3. 重大隐患请在备注中注明，并另附整改方案。",
];

fn szb_workbook(path: &Path, rows: &[Option<SzbItem>]) -> Result<()> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet().set_name("填表说明")?;
    notes.set_column_width(0, 70)?;
    for (r, line) in SZB_NOTES.iter().enumerate() {
        notes.write_string(r as u32, 0, *line)?;
    }

    let ws = wb.add_worksheet().set_name("台账")?;
    ws.merge_range(
        0,
        0,
        0,
        10,
        "磁器口街道市政办安全生产大检查问题整改台账（2022年6月）",
        &f.title,
    )?;
    ws.set_row_height(0, 30)?;
    // Labels merged down both header rows, and the two merged across the top.
    for (c, label) in [
        (0, "序号"),
        (4, "联系电话"),
        (5, "责任单位"),
        (6, "责任人"),
        (7, "问题隐患"),
        (10, "备注"),
    ] {
        ws.merge_range(1, c, 2, c, label, &f.header)?;
    }
    ws.merge_range(1, 1, 1, 3, "单位", &f.header)?;
    ws.merge_range(1, 8, 1, 9, "整改", &f.header)?;
    for (c, label) in [
        (1, "名称"),
        (2, "地址"),
        (3, "负责人"),
        (8, "措施及情况"),
        (9, "时限"),
    ] {
        ws.write_string_with_format(2, c, label, &f.header)?;
    }
    let widths = [5.0, 20.0, 20.0, 8.0, 13.0, 8.0, 8.0, 30.0, 20.0, 11.0, 12.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

    let first = 3;
    let mut seq = 0;
    for (i, row) in rows.iter().enumerate() {
        let r = first + i as u32;
        let Some(item) = row else { continue };
        seq += 1;
        let cells = [
            Cell::Number(seq as f64),
            item.unit.into(),
            item.address.into(),
            item.head.into(),
            item.phone.into(),
            Cell::Text("市政办"),
            Cell::Text("崔恺"),
            item.hazard.into(),
            item.measures.into(),
            item.deadline,
            item.remarks.into(),
        ];
        for (c, cell) in cells.into_iter().enumerate() {
            put(ws, r, c as u16, cell, &f)?;
        }
    }
    let footer = first + rows.len() as u32 + 1;
    ws.write_string(footer, 0, "填报人：崔恺 填报日期：2022年6月29日")?;
    wb.save(path)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// 磁器口社区: GB18030 CSV as Excel on Chinese Windows saves it.
// ---------------------------------------------------------------------------

/// A hazard on the community's ledger, without its month-dependent measures.
struct CommunityCase {
    unit: &'static str,
    address: &'static str,
    head: &'static str,
    phone: &'static str,
    owner: &'static str,
    hazard: &'static str,
    deadline: &'static str,
    remarks: &'static str,
}

const SQ_CASES: [CommunityCase; 6] = [
    CommunityCase {
        unit: "云间民宿",
        address: "磁器口金碧正街72号",
        head: "唐静",
        phone: "13709461253",
        owner: "刘晓红",
        hazard: "安全出口上锁，疏散楼梯堆放杂物",
        deadline: "立即整改",
        remarks: "",
    },
    CommunityCase {
        unit: "宝善宫17号居民楼",
        address: "磁器口宝善宫17号",
        head: "李秀英",
        phone: "13983346610",
        owner: "刘晓红",
        hazard: "楼道内电动自行车飞线充电",
        deadline: "三天内",
        remarks: "网格员巡查发现",
    },
    CommunityCase {
        unit: "横街41号群租房",
        address: "磁器口横街41号3楼",
        head: "刘德明",
        phone: "15730218864",
        owner: "陈永强",
        hazard: "群租房内使用易燃材料隔断，无独立疏散通道",
        deadline: "6月底前",
        remarks: "",
    },
    CommunityCase {
        unit: "李记凉面店",
        address: "磁器口正街68号",
        head: "李春",
        phone: "13678902215",
        owner: "陈永强",
        hazard: "液化气瓶未安装减压阀及燃气泄漏报警器",
        deadline: "2022/6/25",
        remarks: "",
    },
    CommunityCase {
        unit: "鸿运小面馆",
        address: "磁器口金碧正街12号",
        head: "何强",
        phone: "13896521107",
        owner: "陈永强",
        hazard: "燃气灶具连接软管超过2米且穿墙使用",
        deadline: "立即整改",
        remarks: "",
    },
    CommunityCase {
        unit: "横街23号居民自建房",
        address: "磁器口横街23号",
        head: "马桂兰",
        // One digit short: the mistake the check should flag.
        phone: "1390236541",
        owner: "刘晓红",
        hazard: "屋顶违规搭建彩钢棚，堆放木料等可燃物",
        deadline: "一周内",
        remarks: "",
    },
];

const SQ_JUNE: [&str; 6] = [
    "已责令整改",
    "已入户劝导, 清理楼道电动车3辆\n已张贴禁止楼道充电提示，整改完毕",
    "正在整改",
    "已下达整改通知",
    "",
    "已于6月27日清理可燃物，彩钢棚待拆除，正在整改",
];

const SQ_JULY: [&str; 6] = [
    "已于7月1日打开安全出口、清理楼梯，整改完毕",
    "复查合格，已销号",
    "已于7月10日拆除隔断，整改完毕",
    "已于7月2日安装减压阀和报警器，整改完毕",
    "已更换燃气专用软管，整改完毕",
    "正在整改",
];

/// Hazards the community found in July, with their July measures.
const SQ_JULY_NEW: [(CommunityCase, &str); 2] = [
    (
        CommunityCase {
            unit: "幸福小卖部",
            address: "磁器口正街130号",
            head: "秦玉兰",
            phone: "18996035572",
            owner: "刘晓红",
            hazard: "店门口堆放纸箱等可燃物，占用消防通道",
            deadline: "立即整改",
            remarks: "",
        },
        "已当场清理，整改完毕",
    ),
    (
        CommunityCase {
            unit: "听雨民宿",
            address: "磁器口金碧正街80号",
            head: "冯雪",
            phone: "13508316679",
            owner: "陈永强",
            hazard: "楼道应急照明灯不亮",
            deadline: "一周内",
            remarks: "",
        },
        "已责令整改",
    ),
];

/// A CSV field, quoted when Excel would quote it.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The community's CSV: title line, one-line Annex 3 header, rows, footer;
/// CRLF between records, GB18030 bytes.
fn community_csv(
    path: &Path,
    title: &str,
    footer: &str,
    rows: &[(&CommunityCase, &str)],
) -> Result<()> {
    let header: Vec<String> = ANNEX3.iter().map(|h| h.replace('\n', "")).collect();
    let mut lines = vec![title.to_string(), header.join(",")];
    for (i, (case, measures)) in rows.iter().enumerate() {
        let seq = (i + 1).to_string();
        let fields = [
            seq.as_str(),
            case.unit,
            case.address,
            case.head,
            case.phone,
            "磁器口社区",
            case.owner,
            case.hazard,
            measures,
            case.deadline,
            case.remarks,
        ];
        let fields: Vec<String> = fields.iter().map(|s| csv_field(s)).collect();
        lines.push(fields.join(","));
    }
    lines.push(footer.to_string());
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    if unmappable {
        return Err(format!("{}: text not representable in GB18030", path.display()).into());
    }
    std::fs::write(path, bytes)?;
    Ok(())
}

// ---------------------------------------------------------------------------

fn ledgers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ciqikou/ledgers")
}

fn main() -> Result<()> {
    let june = ledgers_dir().join("2022-06");
    let july = ledgers_dir().join("2022-07");
    std::fs::create_dir_all(&june)?;
    std::fs::create_dir_all(&july)?;
    let mut written = Vec::new();

    let path = june.join("应急办-2022年6月台账.xlsx");
    let rows: Vec<_> = YJB_JUNE_CASES.iter().zip(YJB_JUNE.iter()).collect();
    yjb_workbook(&path, "填报日期：2022年6月30日", &rows)?;
    written.push(path);

    let path = june.join("市政办-6月台账.xlsx");
    szb_workbook(&path, &SZB_JUNE)?;
    written.push(path);

    let path = june.join("磁器口社区-2022年6月台账.csv");
    let rows: Vec<_> = SQ_CASES.iter().zip(SQ_JUNE).collect();
    community_csv(
        &path,
        "磁器口社区安全生产大检查台账（2022年6月）",
        "填报人：王芳,,,,填报日期：2022年6月28日",
        &rows,
    )?;
    written.push(path);

    let path = july.join("应急办-2022年7月台账.xlsx");
    let rows: Vec<_> = YJB_JUNE_CASES
        .iter()
        .zip(YJB_JULY.iter())
        .chain(YJB_JULY_NEW.iter().map(|(c, p)| (c, p)))
        .collect();
    yjb_workbook(&path, "填报日期：2022年7月31日", &rows)?;
    written.push(path);

    let path = july.join("磁器口社区-2022年7月台账.csv");
    let rows: Vec<_> = SQ_CASES
        .iter()
        .zip(SQ_JULY)
        .chain(SQ_JULY_NEW.iter().map(|(c, m)| (c, *m)))
        .collect();
    community_csv(
        &path,
        "磁器口社区安全生产大检查台账（2022年7月）",
        "填报人：王芳,,,,填报日期：2022年7月29日",
        &rows,
    )?;
    written.push(path);

    written.extend(district_submissions()?);

    for path in written {
        let size = std::fs::metadata(&path)?.len();
        println!("{} ({size} bytes)", path.display());
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// 沙坪坝区: what three of its 镇街 send the district in July 2022.
// ---------------------------------------------------------------------------

/// 童家桥街道's plain Annex 3 rows: unit, address, head, phone, department,
/// owner, hazard, measures, deadline, remarks.
const TJQ: [[&str; 10]; 8] = [
    [
        "童家桥农贸市场",
        "童家桥正街8号",
        "何志强",
        "13983012457",
        "应急办",
        "罗健",
        "消防通道被摊位占用",
        "已清理通道，划设禁停线",
        "立即整改",
        "已整改",
    ],
    [
        "嘉陵江滨江步道",
        "童家桥滨江路",
        "—",
        "",
        "城管办",
        "邓亮",
        "临水护栏两处松动",
        "已通知养护单位加固",
        "7月15日",
        "",
    ],
    [
        "童家桥小学",
        "童家桥路21号",
        "彭丽",
        "023-65312244",
        "社事办",
        "陈敏",
        "食堂燃气管道未设泄漏报警",
        "报警器已采购，待安装",
        "7月底",
        "",
    ],
    [
        "鑫源五金店",
        "童家桥正街33号",
        "杨鑫",
        "13708361120",
        "应急办",
        "罗健",
        "店内堆放油漆等易燃物超量",
        "已清出超量物品",
        "立即整改",
        "已整改",
    ],
    [
        "童家桥老旧小区3栋",
        "童家桥新村3栋",
        "—",
        "",
        "建设办",
        "吴刚",
        "外墙瓷砖空鼓，有坠落风险",
        "已拉设警戒线，待维修",
        "8月10日",
        "",
    ],
    [
        "顺达物流仓库",
        "童家桥路56号",
        "刘顺达",
        "15823061987",
        "应急办",
        "罗健",
        "叉车司机无特种作业证",
        "已停用叉车，司机参加培训",
        "7月20日",
        "",
    ],
    [
        "童家桥社区卫生站",
        "童家桥新村12号",
        "赵芳",
        "13996178823",
        "社事办",
        "陈敏",
        "氧气瓶未固定存放",
        "已加装固定链",
        "立即整改",
        "已整改",
    ],
    [
        "江景小区地下车库",
        "滨江路88号",
        "黄建",
        "13637892210",
        "城管办",
        "邓亮",
        "电动自行车在车库内充电",
        "已清理，设置禁充标识",
        "7月10日",
        "复查发现仍有充电，未整改到位",
    ],
];

/// 石井坡街道's rows: unit, department, owner, hazard, measures, deadline,
/// level, found, closed, listed supervision.
const SJP: [[&str; 10]; 6] = [
    [
        "重庆某化工有限公司",
        "安监办",
        "孙伟",
        "储罐区防火堤破损",
        "正在修复",
        "2022-07-25",
        "重大",
        "2022-07-12",
        "",
        "区级",
    ],
    [
        "石井坡钢材市场",
        "安监办",
        "孙伟",
        "行车钢丝绳断股",
        "已更换钢丝绳",
        "2022-07-08",
        "较大",
        "2022-07-04",
        "2022-07-07",
        "",
    ],
    [
        "石井坡中学",
        "社事办",
        "唐静",
        "实验室危化品未双人双锁",
        "已整改",
        "立即整改",
        "一般",
        "2022-07-06",
        "2022-07-06",
        "",
    ],
    [
        "中梁山隧道口加油站",
        "安监办",
        "孙伟",
        "卸油区静电接地失效",
        "检测单位已进场",
        "2022-07-20",
        "重大",
        "2022-07-08",
        "",
        "市级",
    ],
    [
        "石井坡菜市场",
        "城管办",
        "郑斌",
        "电线私拉乱接",
        "已重新布线",
        "2022-07-15",
        "一般",
        "2022-07-11",
        "2022-07-18",
        "",
    ],
    [
        "双碑老街餐馆",
        "城管办",
        "郑斌",
        "液化气瓶与灶具间距不足",
        "",
        "2022-07-30",
        "一般",
        "2022-07-21",
        "",
        "",
    ],
];

fn district_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/shapingba/submissions/2022-07")
}

/// Writes the three July submissions and returns their paths.
fn district_submissions() -> Result<Vec<PathBuf>> {
    let dir = district_dir();
    std::fs::create_dir_all(&dir)?;
    let report = dir.join("磁器口街道安全生产大检查月报-2022年07月.xlsx");
    ciqikou_report(&report)?;
    let tjq = dir.join("童家桥街道-2022年7月台账.xlsx");
    tongjiaqiao(&tjq)?;
    let sjp = dir.join("石井坡街道7月隐患台账.csv");
    shijingpo(&sjp)?;
    Ok(vec![report, tjq, sjp])
}

/// 磁器口街道's July report, computed and laid out as `ledger report` does.
fn ciqikou_report(path: &Path) -> Result<()> {
    use ledger::i18n::Lang;
    use ledger::report::{filter::Month, monthly, period::Period};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ciqikou");
    let ws = ledger::workspace::Workspace::open(&root)?;
    let store = ledger::store::Store::open(&root, Lang::Zh)?;
    let period = Period::Month(Month {
        year: 2022,
        month: 7,
    });
    let hazards = monthly::hazards_of(&store, period, false)?;
    let log = store.imports_log()?;
    let report = monthly::report(
        &hazards,
        period,
        None,
        &ws.config,
        ws.division.as_ref(),
        &log,
    );
    let dress = ledger::render::report::Dress {
        organisation: &ws.config.organisation.name,
        redact: None,
        signature: ledger::render::report::Signature::of(&ws.config.organisation),
        district: false,
    };
    std::fs::write(path, ledger::render::report::xlsx(&report, &dress)?)?;
    Ok(())
}

/// 童家桥街道's plain Annex 3 workbook: a title naming the 街道, the seed's
/// header, the rows, a footer with the 填报日期.
fn tongjiaqiao(path: &Path) -> Result<()> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("7月")?;
    ws.merge_range(
        0,
        0,
        0,
        10,
        "童家桥街道安全生产大检查问题整改台账（2022年7月）",
        &f.title,
    )?;
    for (c, h) in ANNEX3.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &f.header)?;
    }
    for (r, row) in TJQ.iter().enumerate() {
        let r = r as u32 + 2;
        ws.write_number_with_format(r, 0, f64::from(r - 1), &f.body)?;
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(r, c as u16 + 1, *v, &f.body)?;
        }
    }
    let footer = TJQ.len() as u32 + 3;
    ws.write_string(
        footer,
        0,
        "填报单位：童家桥街道应急办　　填报人：罗健　　填报日期：2022年7月31日",
    )?;
    wb.save(path)?;
    Ok(())
}

/// 石井坡街道's CSV: a 填报单位 line, a header with extra columns, GB18030.
fn shijingpo(path: &Path) -> Result<()> {
    let mut lines = vec![
        "填报单位：石井坡街道,,,,填报日期：2022年7月31日".to_string(),
        "序号,单位名称,责任单位,责任人,问题隐患,整改措施及情况,整改时限,隐患等级,发现日期,完成日期,挂牌督办".to_string(),
    ];
    for (i, row) in SJP.iter().enumerate() {
        let mut fields = vec![(i + 1).to_string()];
        fields.extend(row.iter().map(|v| csv_field(v)));
        lines.push(fields.join(","));
    }
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    if unmappable {
        return Err(format!("{}: text not representable in GB18030", path.display()).into());
    }
    std::fs::write(path, bytes)?;
    Ok(())
}
