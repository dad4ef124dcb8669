"""The one-line errors the API raises, in the planner's language.

The API writes its errors in English, naming the thing (file, row, field, value, id); the CLI
shows them in the language of the command (``--lang``, else the store's, else Chinese). Each
message the API can give on bad input has a pattern here and its Chinese; a message no
pattern knows stays whole in English rather than half translated. A load problem
("file, row 3, field 'x' (value 'y'): message [kind]") is translated part by part: where it
is, then its message; its ``[kind]`` stays as the stable code it is.
"""

from __future__ import annotations

import re

from chainatlas.words.lang import Lang

__all__ = ["ERRORS", "USAGE_ERRORS", "error_text", "os_error_text", "usage_text"]

_ID = r"'(.*?)'"  # an id or name as the API quotes it (repr)
_GIVE_REGION = "give a code such as 410700 or a name such as 新乡市"
_ZH_REGION = "请给出代码（如 410700）或名称（如 新乡市）"

#: (the English message as a pattern, its Chinese with \1 … for the groups)
ERRORS: list[tuple[str, str]] = [
    (rf"chain {_ID} is not in the atlas; known: (.*)", r"产业链 '\1' 不在图谱中；已有：\2"),
    (
        rf"segment {_ID} not found in chain {_ID}; known: (.*)",
        r"产业链 '\2' 中没有环节 '\1'；已有：\3",
    ),
    (rf"segment {_ID} not found; known: (.*)", r"没有环节 '\1'；已有：\2"),
    (rf"enterprise {_ID} not found; did you mean: (.*)", r"没有企业 '\1'；是否指：\2"),
    (rf"enterprise {_ID} not found", r"没有企业 '\1'"),
    (rf"cluster {_ID} not found; known: (.*)", r"没有产业集群 '\1'；已有：\2"),
    (
        rf"cluster {_ID} names no chain and none of its segments is known",
        r"产业集群 '\1' 未指明产业链，其环节也都不在图谱中",
    ),
    (
        rf"(\w+) {_ID} is not in the store; nothing was removed; known: (.*)",
        r"数据库中没有 \1 '\2'；未删除任何记录；已有：\3",
    ),
    (rf"cannot remove {_ID}: name one of (.*)", r"无法删除 '\1'：请用以下之一：\2"),
    (
        r"nothing to undo: the store (.+) has no write left",
        r"没有可撤销的写入：数据库 \1 已无写入记录",
    ),
    (
        r"write #(\d+) \((.+?), (.+?)\) cannot be undone: it kept no undo record; to go back "
        r"further, reload the store from your files",
        r"第 \1 次写入（\2，\3）无法撤销：没有保存撤销记录；如需回退更早，请从原始文件重新载入",
    ),
    (
        rf"no segment matches {_ID}; try a shorter word or a segment id \(chainatlas gaps "
        r"--chain ID lists them\)",
        r"没有与 '\1' 匹配的环节；请换更短的词，或用环节编号（chainatlas gaps --chain 产业链 可列出）",
    ),
    (
        r"give a segment id \(--segment\) or a text to search \(--query\)",
        r"请给出环节编号（--segment）或检索文本（--query）",
    ),
    (
        rf"age {_ID} is not a number with a unit; write e.g. 18m \(months\), 2y, 90d or 6w",
        r"时长 '\1' 不是带单位的数字；请写成如 18m（月）、2y（年）、90d（天）或 6w（周）",
    ),
    (
        rf"no firm, product or segment is named {_ID}; similar: (.*)",
        r"没有名为 '\1' 的企业、产品或环节；相近的有：\2",
    ),
    (rf"no firm, product or segment is named {_ID}", r"没有名为 '\1' 的企业、产品或环节"),
    (r"--depth must be at least 1 \(got (.*)\)", r"--depth 至少为 1（现为 \1）"),
    (
        rf"no industry in the central-SOE pairing table matches {_ID}; known: (.*)",
        r"央企对接表中没有与 '\1' 匹配的行业；已有：\2",
    ),
    (
        rf"quarter {_ID} is not a quarter; write it as YYYYQn, e.g. 2013Q2",
        r"'\1' 不是季度；请写成 YYYYQn，如 2013Q2",
    ),
    (
        r"no projects in the store; load a projects file first \(chainatlas load\)",
        r"数据库中没有项目；请先载入项目文件（chainatlas load）",
    ),
    (r"cannot read weights file (.+?): (.*)", r"无法读取权重文件 \1：\2"),
    (
        r"weights file (.+) must be a mapping of factor: weight",
        r"权重文件 \1 应为“因素: 权重”的映射",
    ),
    (
        r"no region: give --region CODE \(a GB/T 2260 division code, e\.g\. 410700\), or set "
        r"the store's home region once with `chainatlas init --region CODE`",
        r"未指定地区：请给出 --region 代码（GB/T 2260 行政区划代码，如 410700），"
        r"或用 `chainatlas init --region 代码` 设定数据库的本地区",
    ),
    (rf"no region given; {_GIVE_REGION}", rf"未给出地区；{_ZH_REGION}"),
    (
        rf"region {_ID} is not a division of GB/T 2260 \(a code has 2, 4, 6, 9 or 12 digits\); "
        rf"{_GIVE_REGION}",
        rf"地区 '\1' 不是 GB/T 2260 的行政区划（代码为 2、4、6、9 或 12 位）；{_ZH_REGION}",
    ),
    (
        rf"region {_ID} is not a division of GB/T 2260 \((\d+) is no province code\); "
        rf"{_GIVE_REGION}",
        rf"地区 '\1' 不是 GB/T 2260 的行政区划（\2 不是省级代码）；{_ZH_REGION}",
    ),
    (
        rf"region {_ID} is not a division of GB/T 2260; codes under (\d+): (.*); {_GIVE_REGION}",
        rf"地区 '\1' 不是 GB/T 2260 的行政区划；\2 下的代码：\3；{_ZH_REGION}",
    ),
    (
        rf"region {_ID} is no division name of GB/T 2260; closest: (.*); {_GIVE_REGION}",
        rf"地区 '\1' 不是 GB/T 2260 的行政区划名称；最接近的：\2；{_ZH_REGION}",
    ),
    (
        rf"region {_ID} is no division name of GB/T 2260; {_GIVE_REGION}",
        rf"地区 '\1' 不是 GB/T 2260 的行政区划名称；{_ZH_REGION}",
    ),
    (
        rf"region {_ID} names several divisions: (.*); give the code or the province too "
        r"\(e\.g\. 河南省新乡市\)",
        r"地区 '\1' 对应多个行政区划：\2；请给出代码或加上省份（如 河南省新乡市）",
    ),
    # load problems: the messages the loaders give most
    (r"name is required; fill in the firm's name", r"缺少企业名称；请填写"),
    (r"(.+) is required; fill it in", r"缺少 \1；请填写"),
    (r"(.+) is required; add it to this item", r"缺少 \1；请在此项中补上"),
    (
        rf"segment {_ID} is not in the atlas; load its chain map first or fix the id "
        r"\(did you mean (.*)\?\)",
        r"环节 '\1' 不在图谱中；请先载入其产业链图谱，或改正编号（是否指 \2？）",
    ),
    (
        rf"segment {_ID} is not in the atlas; load its chain map first or fix the id",
        r"环节 '\1' 不在图谱中；请先载入其产业链图谱，或改正编号",
    ),
    (
        rf"segment {_ID} is not a segment of chain {_ID}; use its id, name or an alias "
        r"\(did you mean (.*)\?\)",
        r"环节 '\1' 不属于产业链 '\2'；请用其编号、名称或别名（是否指 \3？）",
    ),
    (
        rf"segment {_ID} is not a segment of chain {_ID}; use its id, name or an alias",
        r"环节 '\1' 不属于产业链 '\2'；请用其编号、名称或别名",
    ),
    (
        rf"enterprise {_ID} is not in the atlas; load the enterprise registry first, or write "
        r"the firm's id, name or an alias exactly as the registry has it",
        r"企业 '\1' 不在图谱中；请先载入企业名录，或按名录写出企业的编号、名称或别名",
    ),
    (
        rf"enterprise id {_ID} already used at (line|row) (\d+); ids must be unique",
        r"企业编号 '\1' 已在第 \3 行使用；编号不能重复",
    ),
    (
        rf"segment id {_ID} already defined on line (\d+); ids must be unique",
        r"环节编号 '\1' 已在第 \2 行定义；编号不能重复",
    ),
    (
        rf"cluster id {_ID} appears twice; ids must be unique",
        r"产业集群编号 '\1' 重复；编号不能重复",
    ),
    (r"region (\d+) appears twice; keep one row per code", r"地区 \1 出现两次；每个代码只保留一行"),
    (
        rf"unknown field {_ID}; remove it or check its spelling",
        r"未知字段 '\1'；请删除或检查拼写",
    ),
    (
        rf"parent {_ID} is not a segment of this chain; define it or fix the id",
        r"上级环节 '\1' 不属于本产业链；请定义它或改正编号",
    ),
    (
        r"removed invisible/control characters in (\w+) \(read as '(.*)'\); check the value in "
        r"the source file",
        r"已去除 \1 中的不可见字符或控制字符（读作 '\2'）；请核对源文件中的值",
    ),
    # the store
    (
        r"the embedded store (.+) is being written by another process \(waited (.+) s for "
        r"(.+)\); try again when it is done",
        r"另一进程正在写入内置数据库 \1（已等待 \2 秒，锁文件 \3）；请待其完成后重试",
    ),
    (
        r"cannot read the embedded store (.+?): (.*); restore it from a backup or remove it "
        r"and load your files again",
        r"无法读取内置数据库 \1：\2；请从备份恢复，或删除后重新载入文件",
    ),
    (
        r"(.+) is not a chainatlas store file \(expected format (.+)\)",
        r"\1 不是 chainatlas 数据库文件（应为格式 \2）",
    ),
    (
        r"cannot reach Neo4j at (.+?): (.*) — start it with `chainatlas neo4j start`, or check "
        r"--store and the credentials",
        r"无法连接 Neo4j（\1）：\2 —— 请用 `chainatlas neo4j start` 启动，或检查 --store 与账号密码",
    ),
    (
        r"Neo4j at (.+?) refused the credentials: (.*) — set CHAINATLAS_NEO4J_USER and "
        r"CHAINATLAS_NEO4J_PASSWORD",
        r"Neo4j（\1）拒绝了账号密码：\2 —— 请设置 CHAINATLAS_NEO4J_USER 与 CHAINATLAS_NEO4J_PASSWORD",
    ),
    (
        rf"Neo4j at (.+?) has no database {_ID} — create it or check CHAINATLAS_NEO4J_DATABASE",
        r"Neo4j（\1）没有数据库 '\2' —— 请创建，或检查 CHAINATLAS_NEO4J_DATABASE",
    ),
    (rf"{_ID} is not a usable Neo4j URI: (.*)", r"'\1' 不是可用的 Neo4j 地址：\2"),
    # files
    (r"(.+): no such file", r"\1：文件不存在"),
    (
        r"(.+): the file is empty; check that you picked the right file",
        r"\1：文件为空；请确认选对了文件",
    ),
    (
        r"(.+): the workbook is empty; put the table on its first sheet",
        r"\1：工作簿为空；请把表格放在第一个工作表",
    ),
    (
        r"(.+): not a readable XLSX workbook \((.*)\); open it in Excel/WPS and save it again "
        r"as \.xlsx",
        r"\1：不是可读取的 XLSX 工作簿（\2）；请在 Excel/WPS 中打开并另存为 .xlsx",
    ),
    (
        r"(.+): not a text file chainatlas can read \(binary data\?\); give a CSV, XLSX, JSON "
        r"or YAML file",
        r"\1：不是 chainatlas 能读取的文本文件（二进制数据？）；请给出 CSV、XLSX、JSON 或 YAML 文件",
    ),
    (
        r"(.+): not a UTF-8 or GBK text file \(binary data\?\); save the chain map as UTF-8 YAML",
        r"\1：不是 UTF-8 或 GBK 文本文件（二进制数据？）；请将产业链图谱另存为 UTF-8 YAML",
    ),
    (
        r"(.+): a YAML file chainatlas does not recognise \(a chain map starts with 'chain:'\); "
        r"pass --kind to say what it is",
        r"\1：无法识别的 YAML 文件（产业链图谱以 'chain:' 开头）；请用 --kind 指明类型",
    ),
    (
        r"(.+): cannot tell what this file holds \(header: (.*)\); expected a chain map \(YAML\), "
        r"an enterprise registry \(a 'name' column\), a weak-link list \('segment' and 'kind' "
        r"columns\) or regions \('code', 'name_zh'\); pass --kind to say what it is",
        r"\1：无法判断文件内容（表头：\2）；应为产业链图谱（YAML）、企业名录（含 'name' 列）、"
        r"弱项清单（含 'segment' 与 'kind' 列）或地区表（'code'、'name_zh'）；请用 --kind 指明类型",
    ),
    (
        rf"(.+): unknown kind {_ID}; use one of (.*)",
        r"\1：未知类型 '\2'；请用以下之一：\3",
    ),
    (rf"unknown kind {_ID}; use one of (.*)", r"未知类型 '\1'；请用以下之一：\2"),
    (
        r"(.+)=(.+) must be a whole number above 0; fix or unset it",
        r"\1=\2 应为大于 0 的整数；请改正或删除该设置",
    ),
    (
        r"(.+): the explorer is a web page; name it \.html \(-o map\.html\)",
        r"\1：浏览页是网页；请命名为 .html（-o map.html）",
    ),
    (r"(.+): --png writes a PNG picture; name it \.png", r"\1：--png 写出 PNG 图片；请命名为 .png"),
    (r"give -o FILE\.html: where to write the explorer", r"请给出 -o 文件.html：浏览页写到哪里"),
    (
        r"give one of --chain ID \(repeatable\), --all, or --around NAME \(not several\)",
        r"--chain 产业链（可重复）、--all、--around 名称 只能给出其中一个",
    ),
    (
        r"give one of --chain ID \(repeatable\), --all, or --around NAME",
        r"请给出 --chain 产业链（可重复）、--all 或 --around 名称 之一",
    ),
    # columns, regions and duplicates found while loading
    (
        r"column '(.+?)' is not a column of an? ([\w.]+) file; did you mean '(.+?)'\? rename it, "
        r"or drop it with --ignore-column '(.+?)' \(`chainatlas formats ([\w]+)` lists the "
        r"columns\)",
        r"'\1' 不是 \2 类文件的列；是否应为 '\3'？请改名，或用 --ignore-column '\4' 略去"
        r"（`chainatlas formats \5` 列出可用的列）",
    ),
    (
        r"column '(.+?)' is not a column of an? ([\w.]+) file; rename it, or drop it with "
        r"--ignore-column '(.+?)' \(`chainatlas formats ([\w]+)` lists the columns\)",
        r"'\1' 不是 \2 类文件的列；请改名，或用 --ignore-column '\3' 略去"
        r"（`chainatlas formats \4` 列出可用的列）",
    ),
    (
        r"no loaded file has a column '(.+?)'; the closest header is '(.+?)'",
        r"载入的文件都没有 '\1' 列；最接近的表头是 '\2'",
    ),
    (
        r"no loaded file has a column '(.+?)'; check the spelling",
        r"载入的文件都没有 '\1' 列；请检查拼写",
    ),
    (
        r"region '(.+?)' read as (\d+) (.+?): the rest is no division of GB/T 2260; write the "
        r"division's name or code to silence this",
        r"地区 '\1' 读作 \2 \3：其余部分不是 GB/T 2260 的行政区划；写出区划名称或代码即可消除此提示",
    ),
]
_COMPILED = [(re.compile(p), zh) for p, zh in ERRORS]

#: the parts the patterns leave in English: lists' tails
_TAILS = [
    (re.compile(r" … \(\+(\d+) more\)"), r" …（另有 \1 个）"),
    (re.compile(r"none loaded yet"), "尚未载入"),
    (re.compile(r"none — load the chain maps first"), "无——请先载入产业链图谱"),
]

#: a load problem as ``Problem.__str__`` writes it, with LoadError's count of the others
_PROBLEM = re.compile(
    r"(?P<file>[^,]+?)(?:, (?P<at>line|row) (?P<n>\d+))?(?:, field (?P<field>'.*?'|\".*?\"))?"
    r"(?: \(value (?P<value>.+?)\))?: (?P<msg>.+) \[(?P<kind>[\w-]+)\]"
    r"(?: \(and (?P<more>\d+) more problems\))?"
)


def _known(message: str, compiled: list[tuple[re.Pattern[str], str]] | None = None) -> str | None:
    for pattern, zh in _COMPILED if compiled is None else compiled:
        m = pattern.fullmatch(message)
        if m:
            text = m.expand(zh)
            for tail, tail_zh in _TAILS:
                text = tail.sub(tail_zh, text)
            return text
    return None


#: click's own usage messages (typer's errors before a command runs), in Chinese
USAGE_ERRORS: list[tuple[str, str]] = [
    (r"Missing option '(.+?)'\.?", r"缺少选项 \1"),
    (r"Missing argument '(.+?)'\.?", r"缺少参数 \1"),
    (r"No such option:? '?(.+?)'?\.? Did you mean '?(.+?)'?\?", r"没有选项 \1，是否应为 \2？"),
    (r"No such option:? '?(.+?)'?\.?", r"没有选项 \1"),
    (
        r"Invalid value for (.+?): '(.+?)' is not a valid (?:integer|integer range)\.?",
        r"\1 的值无效：'\2' 不是整数",
    ),
    (
        r"Invalid value for (.+?): '(.+?)' is not a valid (?:float|float range)\.?",
        r"\1 的值无效：'\2' 不是数字",
    ),
    (r"No such command '(.+?)'\.?", r"没有命令 '\1'"),
    (r"Missing command\.?", r"缺少子命令"),
    (r"Got unexpected extra arguments? \((.+?)\)", r"多余的参数：\1"),
    (r"Invalid value for (.+?): (.+)", r"\1 的值无效：\2"),
    (r"Option '(.+?)' requires an argument\.?", r"选项 \1 需要一个值"),
]
_USAGE_COMPILED = [(re.compile(p), zh) for p, zh in USAGE_ERRORS]


def usage_text(message: str, command: str) -> str:
    """A usage mistake click reported, in Chinese, with where to read how ``command`` is used
    (a message no pattern knows is given as click wrote it, after the Chinese prefix)."""
    said = _known(message, _USAGE_COMPILED) or message
    return f"用法错误：{said}\n请用 `{command} --help` 查看用法"


def _problem(message: str) -> str | None:
    m = _PROBLEM.fullmatch(message)
    if not m:
        return None
    said = _known(m["msg"])
    if said is None:
        return None
    where = m["file"]
    if m["n"]:
        where += f" 第 {m['n']} {'行' if m['at'] == 'line' else '条'}"
    if m["field"]:
        where += f"，字段 {m['field']}"
    if m["value"]:
        where += f"（值 {m['value']}）"
    more = f"（另有 {m['more']} 个问题）" if m["more"] else ""
    return f"{where}：{said} [{m['kind']}]{more}"


def error_text(message: str, lang: Lang) -> str:
    """``message`` (as the API wrote it, in English) in ``lang``: whole, or left as it is.

    >>> error_text("quarter '2013Q5' is not a quarter; write it as YYYYQn, e.g. 2013Q2", "zh")
    "'2013Q5' 不是季度；请写成 YYYYQn，如 2013Q2"
    """
    if lang == "en" or not message:
        return message
    return _known(message) or _problem(message) or message


#: what the system says of a file it cannot open, by errno name
_OS_ZH = {
    "ENOENT": "文件或文件夹不存在",
    "EACCES": "没有权限",
    "EPERM": "不允许此操作",
    "EISDIR": "这是文件夹，不是文件",
    "ENOTDIR": "路径中有一项不是文件夹",
    "ENOSPC": "磁盘空间不足",
    "EROFS": "只读文件系统",
    "EEXIST": "已存在",
}


def os_error_text(exc: OSError, lang: Lang) -> str:
    """``file: what went wrong`` for an error of the system, in ``lang`` where it is known."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    said = _OS_ZH.get(name) if lang == "zh" else None
    return f"{exc.filename or ''}{'：' if said else ': '}{said or exc.strerror or exc}"
