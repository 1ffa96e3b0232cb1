"""The config's words in English and Chinese: what a problem with a value says, and each
field's help.

``gradtui.config`` builds its problems as ``Said(key, **fields)``: the English is the
message of a ``ConfigError`` (for the command line and files), and the config form says
the same problem in the learner's language. A field may itself be a ``Said`` (the allowed
range, a type's name), said in the same language. A test compares the two tables key by
key and field by field, as it does the explanations' catalogue. The fields' help is in
English in ``gradtui.config`` (it is also the comments of ``gradtui init``); ``HELP_ZH``
says it in Chinese for the form's tooltips.
"""

from __future__ import annotations

import re
import string

from gradtui.text import MESSAGE_LIMIT, printable

__all__ = ["EN", "HELP_ZH", "ZH", "Said", "SaidError"]

EN: dict[str, str] = {
    # Types.
    "must_be": "{value} must be {kind}",
    "must_be_write": "{value} must be {kind}; write {whole}",
    "must_be_list": "{value} must be a list of {items}, e.g. {example}",
    "must_be_bool_text": "{value} must be true or false (or yes/no, 1/0)",
    "too_large": "{value} is too large a number",
    "empty_value": "is empty; type {kind} ({allowed})",
    "empty_bool": "is empty; type true or false",
    "kind_int": "a whole number",
    "kind_float": "a number",
    "kind_bool": "true or false",
    "kind_str": "text (in quotes in TOML)",
    "items_int": "whole numbers",
    "items_str": "names",
    # Choices and ranges.
    "not_one_of": "{value} is not one of {choices}; use one of these",
    "not_one_of_guess": "{value} is not one of {choices}; did you mean {guess}?",
    "not_finite": "{value} is not a finite number; use {allowed}",
    "not_allowed": "{value} is not allowed; use {allowed}",
    "any_whole": "any whole number",
    "any_finite": "any finite number",
    "at_most": "at most {high}",
    "greater_than": "any number greater than {low}",
    "or_more": "{low} or more",
    "greater_at_most": "any number greater than {low} and at most {high}",
    "up_to_not_including": "any number from {low} up to but not including {high}",
    "low_to_high": "{low} to {high}",
    # Between fields.
    "count_no_hidden": "{given} given, but network.depth = {depth} has no hidden layers; "
    "leave it empty",
    "count_one_hidden": "{given} given, but network.depth = {depth} has 1 hidden layer; give 1 "
    "(one per hidden layer) or leave it empty to use network.{fallback}",
    "count_hidden": "{given} given, but network.depth = {depth} has {hidden} hidden layers; "
    "give {hidden} (one per hidden layer) or leave it empty to use network.{fallback}",
    "larger_than": "{value} is larger than {other} ({limit}); use at most {limit}",
    "path_empty": "is empty, but data.name is 'file'; give the path of a .npz or .csv file",
    "path_kind": "{value} is neither a .npz nor a .csv file; give a file ending in .npz or .csv",
    "init_path_empty": "is empty, but init.name is 'file'; give the path of a .npz, .pt or "
    ".pth file of weights",
    "init_path_kind": "{value} is not a .npz, .pt or .pth file; give the weights as --export "
    "writes them (.npz) or as a PyTorch state_dict (.pt, .pth)",
    "bce_classes": "'bce' needs 2 classes but data.classes is {classes}; set data.classes = 2 "
    "or use loss 'cross_entropy'",
    "cross_entropy_regression": "'cross_entropy' needs classes, but data.name '{name}' is a "
    "regression set; use loss 'mse', or a classification set (spirals, blobs, mnist-like)",
    "bce_mnist": "'bce' needs 2 classes but mnist-like has 10; use loss 'cross_entropy'",
    # Memory.
    "memory": "this network would need {need} of memory but {available} is available "
    "(gradtui uses at most half); {advice}",
    "memory_advice": "use fewer layers (network.depth) or narrower ones (network.width)",
    "memory_advice_samples": "use fewer layers (network.depth) or narrower ones "
    "(network.width), or fewer examples (data.samples)",
    # A field's help: what it is, then what it takes.
    "help": "{help}. Allowed: {allowed}.",
    "allowed_bool": "true or false",
    "allowed_switch": "on or off",
    "allowed_one_of": "one of {choices}",
    "allowed_each": "each {allowed}",
    "allowed_path": "empty, or a path ending in .npz or .csv",
    "allowed_weights_path": "empty, or a path ending in .npz, .pt or .pth",
    # Serve mode (gradtui.tui.served): a pasted config, and what a browser may not read.
    "served_no_file": "a session in the browser cannot read files of the server; choose a "
    "generated data set ({choices})",
    "served_no_init_file": "a session in the browser cannot read files of the server; choose "
    "an initialiser that draws the weights ({choices})",
    "paste_empty": "nothing was pasted: paste a config's TOML text",
    "paste_too_long": "the pasted text is {length} characters; a config is at most {limit}",
    "paste_too_deep": "the pasted text nests too deeply",
    # Lessons (gradtui.lessons): a file that cannot be read as a lesson. ``where`` names
    # the file, its line and the key; ``problem`` is a problem of the config inside.
    "same": "{problem}",
    "where_problem": "{where}: {problem}",
    "where_key": "{where}: {key}",
    "at_line": "{source}, line {line}",
    "lesson_no_variant": "{source}: no variant named {name}",
    "lesson_variant": "{source}: variant {name}: {problem}",
    "lesson_text_kind": "{where} must be a text in quotes, not {value}",
    "lesson_text_long": "{where} is {length} characters long; keep it under {limit}",
    "lesson_control": "{where} holds the control character {char}; remove it",
    "lesson_texts_kind": "{where} must be a list of texts, not {value}",
    "lesson_texts_many": "{where} has {count} items; give at most {limit}",
    "lesson_no_lesson": "{source}: no [lesson] table; a lesson needs id, title and summary",
    "lesson_no_config": "{source}: no [config] table; it holds the lesson's network",
    "lesson_unknown_table": "{source}: unknown table {table}; a lesson has [lesson], "
    "[config], [variants], [[step]], [[expect]] and [[checkpoint]]",
    "lesson_needs": "{where}: [lesson] needs a text '{key}'",
    "lesson_unknown_key": "{where}: [lesson] has an unknown key {key}; it may have {keys}",
    "lesson_id": "{where}: id {id} must be letters, digits, '-', '_' or '.' (at most 64), "
    'e.g. "my-lesson"',
    "lesson_expect_kind": "{source}: expect must be [[expect]] tables, not {value}",
    "lesson_expect_many": "{source}: {count} [[expect]] tables; give at most {limit}",
    "lesson_until_count": "{source}: until has {count} milestones for {steps} steps; give one "
    "per step",
    "lesson_until_bad": "{source}: until: {milestone} is not a milestone; use {milestones}",
    "lesson_variants_kind": '{source}: [variants] must be a table of name = ["key=value", ...], '
    "not {value}",
    "lesson_variants_many": "{source}: {count} variants; give at most {limit}",
    "lesson_steps_twice": "{source}: [lesson] {key} and [[step]] tables both give the steps; "
    "keep the [[step]] tables",
    "lesson_unknown": "no lesson named {name}; the lessons are: {known} (or give a .toml path)",
    # A lesson's [[step]] tables (gradtui.lessons.steps).
    "step_key_bad": "{where}: keys: {word} is not a key; write Textual key names or single "
    'characters separated by spaces, e.g. "space", "2 0 0 t", "space*12"',
    "step_presses": "{where}: keys: at most {limit} presses per step",
    "step_text_empty": "{where} must be a text that is not empty",
    "step_text_long": "{where} is {length} characters long; at most {limit}",
    "step_items_kind": '{where} must be a list of texts, e.g. ["dead", "×5"]',
    "step_items_many": "{where} has {count} items; at most {limit}",
    "step_value_kind": "{where} must be a number, a text, true/false or a list",
    "step_tables": "{source}: step must be [[step]] tables",
    "step_many": "{source}: {count} steps; a lesson has at most {limit}",
    "step_unknown_key": "{where} has an unknown key {key}; a step may have {keys}",
    "step_keys_kind": '{where} keys must be a text, e.g. "space" or "2 0 0 t"',
    "step_set_kind": '{where} set must be a table, e.g. {{ "optimizer.lr" = 0.01 }}',
    "step_set_field": "{where} set: {name} is not a config field; name it as the form does, "
    "e.g. optimizer.lr, network.depth, init.name",
    "step_set": "{where} set: {problem}",
    "step_until": "{where} until: {milestone} is not a milestone; use {milestones}",
    # A lesson's [[expect]] tables (gradtui.lessons.expect).
    "expect_measure_text": "{where}: needs a text 'measure'",
    "expect_run": "{where}: run {run} must be 'pass', 'update' or 'train N'",
    "expect_run_steps": "{where}: run {run}: N must be from 1 to {limit}",
    "expect_variant_kind": "{where}: variant must be a name in quotes, not {value}",
    "expect_no_variant": "{where}: no variant named {name} in [variants]",
    "expect_kind": "{where}: must be a table, not {value}",
    "expect_unknown_key": "{where}: unknown key {key}",
    "expect_says_long": "{where}: {key} must be a text of at most {limit} characters",
    "expect_says_line": "{where}: {key} must be one line of text, with no control characters",
    "expect_says": "{where}: needs 'says', the claim in words",
    "expect_op": "{where}: op {op} must be one of {ops}",
    "expect_value_or_than": "{where}: give either 'value' or 'than'",
    "expect_than_kind": '{where}: than must be a table like {{ measure = "..." }}, not {value}',
    "expect_than_key": "{where}: than has an unknown key {key}",
    "expect_than": "{where} than",
    "expect_value_number": "{where}: value {value} must be a number",
    "expect_value_finite": "{where}: value {value} must be a finite number",
    # The learner's own data file (gradtui.sim.data).
    "data_path_empty": "data.path is empty; give the path of your .npz or .csv file",
    "data_missing": "{where}: no such file (relative paths start from {cwd}); check data.path",
    "data_folder": "{where} is a folder; data.path must name a .npz or .csv file",
    "data_suffix": "{where}: gradtui reads .npz and .csv files, not {kind}; save x and y with "
    "np.savez(path, x=..., y=...) or as a .csv file",
    "data_suffix_files": "{suffix} files",
    "data_no_suffix": "files without an extension",
    "data_unreadable": "{problem}; data.path must name a .npz or .csv file",
    "data_zero_bytes": "{where} is empty (0 bytes); put your examples in it",
    "data_rows": "{where}: x has {x_rows} rows but y has {y_rows}; give one target row per example",
    "data_no_examples": "{where} has no examples; put at least one row of data in it",
    "data_no_columns": "{where}: x has no columns; give at least one feature per example",
    "data_npz_advice": "save it with np.savez(path, x=..., y=...)",
    "data_single_array": "{where} holds a single array, not arrays named x and y; {advice}",
    "data_not_npz": "{where} is not a .npz file (NumPy's zip archive of arrays); {advice}, "
    "or give a .csv file",
    "data_no_array": "{where} has no array named {name} (it has {found}); {advice}",
    "data_kind": "{where}: {name} holds {kind}, not real numbers; save numbers only",
    "data_nonfinite": "{where}: {name} has {count} NaN or infinite value(s), the first {at} "
    "({value}); remove those rows or fill them in",
    "data_not_utf8": "{where} is not UTF-8 text (bad byte at offset {offset}); save it as "
    "UTF-8 CSV",
    "data_csv_empty": "{where} is empty; put a header row and your examples in it",
    "data_separator": "{where}: the values are separated by {separator}; gradtui reads "
    "comma-separated files, so save it with commas",
    "data_no_target": "{where}: no target column in the header ({columns}); name the target "
    "column 'y' (or y0, y1, ... for several)",
    "data_all_targets": "{where}: every column is a target ({columns}); add at least one "
    "feature column",
    "data_one_column": "{where} has one column; without a header the last column is the "
    "target, so give at least two (features, then the target), or add a header row naming the "
    "target column 'y'",
    "data_header_only": "{where} has a header but no examples; add rows of numbers below it",
    "data_row_length": "{where}: line {line} has {count} {values} but there are {columns} "
    "columns; give every row the same number of values",
    "data_at": "at {at}",
    "data_the_data": "the data",
    "data_on_line": "on line {line}, {column}",
    "data_column": "column {number}",
    "data_column_named": "column {number} ({name})",
    "data_value": "value",
    "data_values": "values",
    "data_cell_empty": "{where}: line {line}, {column} is empty; every value must be a number",
    "data_cell_text": "{where}: line {line}, {column} is {cell}, not a number; every value must "
    "be a number",
    # A measure of a lesson's [[expect]] or [[checkpoint]], or of an exercise's goal
    # (gradtui.lessons.measure); ``measure`` is the measure's text, in quotes.
    "measure_keep_steps": "{cell}_keep(T): T must be a whole number from 2 to {limit}, not {steps}",
    "measure_kind": "a measure is a text in quotes, not {value}",
    "measure_long": "measure {measure} is {length} characters long; keep it under {limit}",
    "measure_syntax": "measure {measure}: {reason}",
    "measure_problem": "measure {measure}: {problem}",
    "measure_node": "measure {measure}: {node} is not allowed",
    "measure_not_number": "measure {measure}: {value} is not a number",
    "measure_calls": "measure {measure}: only {names} can be called",
    "measure_attribute": "measure {measure}: write section.statistic, e.g. forward.a_norm",
    "measure_unknown_name": "measure {measure}: unknown name {name}; use loss, L, clip.…, "
    "cost.activation, or forward/backward/update/layers.statistic[layer]",
    "measure_no_cost": "measure {measure}: cost has no {name}; it has {names}",
    "measure_unknown_section": "measure {measure}: unknown section {section}",
    "measure_no_field": "measure {measure}: {section} has no {name}; it has {names}",
    "measure_not_computed": "measure {measure}: {section} statistics of layer {layer} are not "
    "computed at this point of the run",
    "measure_whole_layer": "measure {measure}: a layer number is a whole number",
    "measure_layer_range": "measure {measure}: layer {layer} is not in 1..{depth}",
    "measure_no_loss": "measure {measure}: the loss is not computed yet",
    "measure_needs_statistic": "measure {measure}: {name} needs .statistic",
    "measure_no_clip": "measure {measure}: clipping has not run yet",
    "measure_subscript": "measure {measure}: only a layer statistic takes [layer]",
    "measure_needs_stepper": "measure {measure}: {name}(layer) needs a stepper",
    "measure_of_nothing": "measure {measure}: {name}() of nothing",
    "measure_one_number": "measure {measure}: {name}() takes one number",
    "measure_not_computable": "measure {measure}: {name}({value}) cannot be computed ({reason})",
    "measure_cannot_evaluate": "measure {measure}: cannot evaluate {node}",
    "measure_needs_layer": "measure {measure}: a layer statistic needs [layer] or "
    "max/min/mean(...)",
    # A lesson's [[checkpoint]] tables (gradtui.lessons.checkpoint).
    "checkpoint_texts": '{where} must be a list of texts in quotes, e.g. ["a", "b"]',
    "checkpoint_text_line": "{where}: {item} must be one line of at most {limit} characters",
    "checkpoint_text_count": "{where} has {have} items; give {count}, one per option",
    "checkpoint_number": "{where} must be a number, not {value}",
    "checkpoint_finite": "{where} must be a finite number, not {value}",
    "checkpoint_measure_text": '{where} must be a measure in quotes, e.g. "loss"',
    "checkpoint_problem": "{where}: {problem}",
    "checkpoint_run": "{where}: run {run} must be 'pass', 'update' or 'train N'",
    "checkpoint_run_steps": "{where}: run {run}: N must be from 1 to {limit}",
    "checkpoint_no_milestone": "{where}: no step of this lesson ends at {value}; its steps end at "
    "{ends}",
    "checkpoint_no_steps": "nothing (it has no steps)",
    "checkpoint_no_step": "{where}: there is no step {value}; this lesson has steps 1 to {count}",
    "checkpoint_before": "{where} must be a step's number (1, 2, …) or a milestone "
    "({milestones}), not {value}",
    "checkpoint_read_step": "{where}: step {index} before it is only read, so step {step} never "
    "becomes the current one and its question would never be asked; put it before another step",
    "checkpoint_kind_table": "{where}: must be a table, not {value}",
    "checkpoint_unknown_key": "{where}: unknown key {key}; a checkpoint may have {keys}",
    "checkpoint_needs_before": "{where}: needs 'before', the step it comes before (1, 2, …)",
    "checkpoint_kind": "{where}: kind {kind} must be one of {kinds}",
    "checkpoint_foreign_key": "{where}: {key} is not a key of kind {kind}; remove it or change "
    "kind",
    "checkpoint_question_line": "{where}: {key} must be one line of text of at most {limit} "
    "characters",
    "checkpoint_needs_question": "{where}: needs 'question', what the learner is asked",
    "checkpoint_decades_kind": "{where}: decades must be [highest, lowest] powers of ten, e.g. "
    "[1, -4]",
    "checkpoint_decades_range": "{where}: decades [{top}, {low}] must go down from the first to "
    "the second, within ±30, and give 2 to {limit} options",
    "checkpoint_options": "{where}: options are 2 or 3 words: larger, smaller (and, third, about "
    "the same)",
    "checkpoint_within": "{where}: within must be above 1 (×2 means a factor of two)",
    "checkpoint_variants_count": "{where}: variants: give 2 to {limit} to choose among",
    "checkpoint_no_variant": "{where}: variants: no variant named {name}",
    "checkpoint_best": "{where}: best {best} must be one of {bests}",
    "checkpoint_target": "{where}: target is compared in powers of ten: give one > 0",
    "checkpoint_variant": "variant {name}: {problem}",
}

ZH: dict[str, str] = {
    "must_be": "{value} 必须是{kind}",
    "must_be_write": "{value} 必须是{kind}；请写成 {whole}",
    "must_be_list": "{value} 必须是由{items}组成的列表，例如 {example}",
    "must_be_bool_text": "{value} 必须是 true 或 false（也可以写 yes/no、1/0）",
    "too_large": "{value} 这个数太大了",
    "empty_value": "为空；请输入{kind}（{allowed}）",
    "empty_bool": "为空；请输入 true 或 false",
    "kind_int": "整数",
    "kind_float": "数",
    "kind_bool": " true 或 false",
    "kind_str": "文本（在 TOML 中要加引号）",
    "items_int": "整数",
    "items_str": "名称",
    "not_one_of": "{value} 不是可选项 {choices} 之一；请从中选择一个",
    "not_one_of_guess": "{value} 不是可选项 {choices} 之一；你是不是想写 {guess}？",
    "not_finite": "{value} 不是有限数；请使用{allowed}",
    "not_allowed": "不能用 {value}；请使用{allowed}",
    "any_whole": "任意整数",
    "any_finite": "任意有限数",
    "at_most": "不超过 {high} 的数",
    "greater_than": "大于 {low} 的任意数",
    "or_more": " {low} 或更大的数",
    "greater_at_most": "大于 {low} 且不超过 {high} 的任意数",
    "up_to_not_including": "从 {low} 到 {high}（不含 {high}）的任意数",
    "low_to_high": " {low} 到 {high}",
    "count_no_hidden": "给了 {given} 个，但 network.depth = {depth} 没有隐藏层；请留空",
    "count_one_hidden": "给了 {given} 个，但 network.depth = {depth} 只有 1 个隐藏层；请给 1 个"
    "（每个隐藏层一个），或者留空以使用 network.{fallback}",
    "count_hidden": "给了 {given} 个，但 network.depth = {depth} 有 {hidden} 个隐藏层；请给 "
    "{hidden} 个（每个隐藏层一个），或者留空以使用 network.{fallback}",
    "larger_than": "{value} 大于 {other}（{limit}）；请使用不超过 {limit} 的值",
    "path_empty": "为空，但 data.name 是 'file'；请给出一个 .npz 或 .csv 文件的路径",
    "path_kind": "{value} 既不是 .npz 文件也不是 .csv 文件；请给出以 .npz 或 .csv 结尾的文件",
    "init_path_empty": "为空，但 init.name 是 'file'；请给出一个权重文件"
    "（.npz、.pt 或 .pth）的路径",
    "init_path_kind": "{value} 不是 .npz、.pt 或 .pth 文件；请给出 --export 写出的权重（.npz）"
    "或 PyTorch 的 state_dict（.pt、.pth）",
    "bce_classes": "'bce' 需要 2 个类别，但 data.classes 是 {classes}；请设置 data.classes = 2，"
    "或者使用损失 'cross_entropy'",
    "cross_entropy_regression": "'cross_entropy' 需要类别，但 data.name '{name}' 是回归数据集；"
    "请使用损失 'mse'，或者换一个分类数据集（spirals、blobs、mnist-like）",
    "bce_mnist": "'bce' 需要 2 个类别，但 mnist-like 有 10 个；请使用损失 'cross_entropy'",
    "memory": "这个网络需要 {need} 内存，但只有 {available} 可用（gradtui 最多使用一半）；{advice}",
    "memory_advice": "请减少层数（network.depth）或减小宽度（network.width）",
    "memory_advice_samples": "请减少层数（network.depth）或减小宽度（network.width），"
    "或者减少样本数（data.samples）",
    "help": "{help}。允许：{allowed}。",
    "allowed_bool": "true 或 false",
    "allowed_switch": "on 或 off",
    "allowed_one_of": "{choices} 之一",
    "allowed_each": "每一项为{allowed}",
    "allowed_path": "留空，或以 .npz 或 .csv 结尾的路径",
    "allowed_weights_path": "留空，或以 .npz、.pt 或 .pth 结尾的路径",
    "served_no_file": "浏览器中的会话不能读取服务器上的文件；请选择一个生成的数据集（{choices}）",
    "served_no_init_file": "浏览器中的会话不能读取服务器上的文件；"
    "请选择一个生成权重的初始化方法（{choices}）",
    "paste_empty": "没有粘贴任何内容：请粘贴配置的 TOML 文本",
    "paste_too_long": "粘贴的文本有 {length} 个字符；配置最多 {limit} 个字符",
    "paste_too_deep": "粘贴的文本嵌套太深",
    "same": "{problem}",
    "where_problem": "{where}：{problem}",
    "where_key": "{where}：{key}",
    "at_line": "{source}，第 {line} 行",
    "lesson_no_variant": "{source}：没有名为 {name} 的变体",
    "lesson_variant": "{source}：变体 {name}：{problem}",
    "lesson_text_kind": "{where} 必须是加引号的文本，而不是 {value}",
    "lesson_text_long": "{where} 有 {length} 个字符；请少于 {limit} 个",
    "lesson_control": "{where} 含有控制字符 {char}；请删除它",
    "lesson_texts_kind": "{where} 必须是文本列表，而不是 {value}",
    "lesson_texts_many": "{where} 有 {count} 项；最多 {limit} 项",
    "lesson_no_lesson": "{source}：没有 [lesson] 表；课程需要 id、title 和 summary",
    "lesson_no_config": "{source}：没有 [config] 表；它描述课程的网络",
    "lesson_unknown_table": "{source}：未知的表 {table}；课程只有 [lesson]、[config]、"
    "[variants]、[[step]]、[[expect]] 和 [[checkpoint]]",
    "lesson_needs": "{where}：[lesson] 需要文本 '{key}'",
    "lesson_unknown_key": "{where}：[lesson] 中有未知的键 {key}；可用的键有 {keys}",
    "lesson_id": "{where}：id {id} 只能由字母、数字、'-'、'_' 或 '.' 组成（最多 64 个），"
    '例如 "my-lesson"',
    "lesson_expect_kind": "{source}：expect 必须是 [[expect]] 表，而不是 {value}",
    "lesson_expect_many": "{source}：有 {count} 个 [[expect]] 表；最多 {limit} 个",
    "lesson_until_count": "{source}：until 有 {count} 个里程碑，却有 {steps} 个步骤；请每个步骤"
    "给一个",
    "lesson_until_bad": "{source}：until：{milestone} 不是里程碑；请使用 {milestones}",
    "lesson_variants_kind": '{source}：[variants] 必须是 name = ["key=value", ...] 形式的表，'
    "而不是 {value}",
    "lesson_variants_many": "{source}：有 {count} 个变体；最多 {limit} 个",
    "lesson_steps_twice": "{source}：[lesson] 的 {key} 和 [[step]] 表都给出了步骤；请保留 "
    "[[step]] 表",
    "lesson_unknown": "没有名为 {name} 的课程；现有课程：{known}（也可以给出 .toml 文件的路径）",
    "step_key_bad": "{where}：keys：{word} 不是按键；请写 Textual 的按键名或单个字符，用空格分隔，"
    '例如 "space"、"2 0 0 t"、"space*12"',
    "step_presses": "{where}：keys：每个步骤最多按 {limit} 次键",
    "step_text_empty": "{where} 必须是非空的文本",
    "step_text_long": "{where} 有 {length} 个字符；最多 {limit} 个",
    "step_items_kind": '{where} 必须是文本列表，例如 ["dead", "×5"]',
    "step_items_many": "{where} 有 {count} 项；最多 {limit} 项",
    "step_value_kind": "{where} 必须是数、文本、true/false 或列表",
    "step_tables": "{source}：step 必须是 [[step]] 表",
    "step_many": "{source}：有 {count} 个步骤；一节课最多 {limit} 个",
    "step_unknown_key": "{where} 中有未知的键 {key}；步骤可用的键有 {keys}",
    "step_keys_kind": '{where} 的 keys 必须是文本，例如 "space" 或 "2 0 0 t"',
    "step_set_kind": '{where} 的 set 必须是表，例如 {{ "optimizer.lr" = 0.01 }}',
    "step_set_field": "{where} set：{name} 不是配置字段；请用表单里的名称，例如 optimizer.lr、"
    "network.depth、init.name",
    "step_set": "{where} set：{problem}",
    "step_until": "{where} until：{milestone} 不是里程碑；请使用 {milestones}",
    "expect_measure_text": "{where}：需要文本 'measure'",
    "expect_run": "{where}：run {run} 必须是 'pass'、'update' 或 'train N'",
    "expect_run_steps": "{where}：run {run}：N 必须在 1 到 {limit} 之间",
    "expect_variant_kind": "{where}：variant 必须是加引号的名称，而不是 {value}",
    "expect_no_variant": "{where}：[variants] 中没有名为 {name} 的变体",
    "expect_kind": "{where}：必须是表，而不是 {value}",
    "expect_unknown_key": "{where}：未知的键 {key}",
    "expect_says_long": "{where}：{key} 必须是不超过 {limit} 个字符的文本",
    "expect_says_line": "{where}：{key} 必须是一行文本，不能含控制字符",
    "expect_says": "{where}：需要 'says'，用文字写出的结论",
    "expect_op": "{where}：op {op} 必须是 {ops} 之一",
    "expect_value_or_than": "{where}：请给出 'value' 或 'than' 中的一个",
    "expect_than_kind": '{where}：than 必须是形如 {{ measure = "..." }} 的表，而不是 {value}',
    "expect_than_key": "{where}：than 中有未知的键 {key}",
    "expect_than": "{where} than",
    "expect_value_number": "{where}：value {value} 必须是数",
    "expect_value_finite": "{where}：value {value} 必须是有限数",
    "data_path_empty": "data.path 为空；请给出你的 .npz 或 .csv 文件的路径",
    "data_missing": "{where}：没有这个文件（相对路径从 {cwd} 算起）；请检查 data.path",
    "data_folder": "{where} 是文件夹；data.path 必须是一个 .npz 或 .csv 文件",
    "data_suffix": "{where}：gradtui 只读取 .npz 和 .csv 文件，不读取{kind}；请用 "
    "np.savez(path, x=..., y=...) 保存 x 和 y，或者存成 .csv 文件",
    "data_suffix_files": " {suffix} 文件",
    "data_no_suffix": "没有扩展名的文件",
    "data_unreadable": "{problem}；data.path 必须是一个 .npz 或 .csv 文件",
    "data_zero_bytes": "{where} 是空的（0 字节）；请把你的样本放进去",
    "data_rows": "{where}：x 有 {x_rows} 行，y 却有 {y_rows} 行；请为每个样本给一行目标值",
    "data_no_examples": "{where} 中没有样本；请至少放入一行数据",
    "data_no_columns": "{where}：x 没有列；每个样本至少要有一个特征",
    "data_npz_advice": "请用 np.savez(path, x=..., y=...) 保存",
    "data_single_array": "{where} 只包含一个数组，而不是名为 x 和 y 的数组；{advice}",
    "data_not_npz": "{where} 不是 .npz 文件（NumPy 的数组压缩包）；{advice}，或者给出 .csv 文件",
    "data_no_array": "{where} 中没有名为 {name} 的数组（它有 {found}）；{advice}",
    "data_kind": "{where}：{name} 包含的是{kind}，不是实数；请只保存数",
    "data_nonfinite": "{where}：{name} 有 {count} 个 NaN 或无穷大的值，第一个{at}（{value}）；"
    "请删除这些行或补上数值",
    "data_not_utf8": "{where} 不是 UTF-8 文本（偏移 {offset} 处的字节有误）；请存成 UTF-8 的 CSV",
    "data_csv_empty": "{where} 是空的；请放入一行表头和你的样本",
    "data_separator": "{where}：值之间用 {separator} 分隔；gradtui 读取逗号分隔的文件，"
    "请用逗号保存",
    "data_no_target": "{where}：表头中没有目标列（{columns}）；请把目标列命名为 'y'"
    "（多个时用 y0、y1、……）",
    "data_all_targets": "{where}：每一列都是目标（{columns}）；请至少加一个特征列",
    "data_one_column": "{where} 只有一列；没有表头时最后一列是目标，所以请至少给两列（特征，然后是"
    "目标），或者加一行表头，把目标列命名为 'y'",
    "data_header_only": "{where} 有表头但没有样本；请在下面加几行数",
    "data_row_length": "{where}：第 {line} 行有 {count} 个{values}，但一共有 {columns} 列；"
    "请让每一行的值一样多",
    "data_at": "在 {at}",
    "data_the_data": "数据",
    "data_on_line": "在第 {line} 行、{column}",
    "data_column": "第 {number} 列",
    "data_column_named": "第 {number} 列（{name}）",
    "data_value": "值",
    "data_values": "值",
    "data_cell_empty": "{where}：第 {line} 行，{column}为空；每个值都必须是数",
    "data_cell_text": "{where}：第 {line} 行，{column}是 {cell}，不是数；每个值都必须是数",
    "measure_keep_steps": "{cell}_keep(T)：T 必须是 2 到 {limit} 之间的整数，而不是 {steps}",
    "measure_kind": "measure 必须是加引号的文本，而不是 {value}",
    "measure_long": "measure {measure} 有 {length} 个字符；请缩短到 {limit} 个以内",
    "measure_syntax": "measure {measure}：无法解析（{reason}）；请检查括号和运算符",
    "measure_problem": "measure {measure}：{problem}",
    "measure_node": "measure {measure}：不允许使用 {node}；只能用统计量名称、数、+ − × ÷ ** 和函数",
    "measure_not_number": "measure {measure}：{value} 不是数；请写一个数",
    "measure_calls": "measure {measure}：只能调用 {names}",
    "measure_attribute": "measure {measure}：请写成 section.statistic，例如 forward.a_norm",
    "measure_unknown_name": "measure {measure}：未知的名称 {name}；请使用 loss、L、clip.…、"
    "cost.激活函数，或 forward/backward/update/layers.统计量[层]",
    "measure_no_cost": "measure {measure}：cost 中没有 {name}；可用的有 {names}",
    "measure_unknown_section": "measure {measure}：未知的部分 {section}；请使用 forward、"
    "backward、update、layers、clip 或 cost",
    "measure_no_field": "measure {measure}：{section} 中没有 {name}；可用的有 {names}",
    "measure_not_computed": "measure {measure}：运行到这里时，第 {layer} 层的 {section} "
    "统计量还没有计算；请换一个 run，或先让这一遍运行到这一层",
    "measure_whole_layer": "measure {measure}：层号必须是整数",
    "measure_layer_range": "measure {measure}：第 {layer} 层不在 1..{depth} 之内；"
    "请用这个范围内的层号",
    "measure_no_loss": "measure {measure}：还没有计算损失；请先运行前向传播",
    "measure_needs_statistic": "measure {measure}：{name} 后面需要 .statistic（统计量的名称）",
    "measure_no_clip": "measure {measure}：梯度裁剪还没有运行；请打开 clip.grad_norm 或 "
    "clip.grad_value，并运行到裁剪这一步",
    "measure_subscript": "measure {measure}：只有层的统计量可以加 [layer]",
    "measure_needs_stepper": "measure {measure}：{name}(layer) 需要一个正在运行的网络（stepper）",
    "measure_of_nothing": "measure {measure}：{name}() 的参数为空；请至少给一层",
    "measure_one_number": "measure {measure}：{name}() 只接受一个数",
    "measure_not_computable": "measure {measure}：无法计算 {name}({value})（{reason}）；"
    "请给一个更合理的数",
    "measure_cannot_evaluate": "measure {measure}：无法求值 {node}",
    "measure_needs_layer": "measure {measure}：层的统计量需要 [layer] 或 max/min/mean(...)",
    "checkpoint_texts": '{where} 必须是加引号的文本列表，例如 ["a", "b"]',
    "checkpoint_text_line": "{where}：{item} 必须是一行文本，不超过 {limit} 个字符；请缩短它",
    "checkpoint_text_count": "{where} 有 {have} 项；请给 {count} 项，每个选项一项",
    "checkpoint_number": "{where} 必须是数，而不是 {value}",
    "checkpoint_finite": "{where} 必须是有限数，而不是 {value}",
    "checkpoint_measure_text": '{where} 必须是加引号的 measure，例如 "loss"',
    "checkpoint_problem": "{where}：{problem}",
    "checkpoint_run": "{where}：run {run} 必须是 'pass'、'update' 或 'train N'",
    "checkpoint_run_steps": "{where}：run {run}：N 必须在 1 到 {limit} 之间",
    "checkpoint_no_milestone": "{where}：这节课没有在 {value} 结束的步骤；它的步骤结束于 {ends}",
    "checkpoint_no_steps": "（无：它没有步骤）",
    "checkpoint_no_step": "{where}：没有第 {value} 步；这节课的步骤是 1 到 {count}",
    "checkpoint_before": "{where} 必须是步骤的编号（1、2、…）或里程碑（{milestones}），而不是 "
    "{value}",
    "checkpoint_read_step": "{where}：它前面的第 {index} 步只供阅读，所以第 {step} "
    "步永远不会成为当前步骤，问题也永远不会被问到；请把它放在另一个步骤之前",
    "checkpoint_kind_table": "{where}：必须是表，而不是 {value}",
    "checkpoint_unknown_key": "{where}：未知的键 {key}；检查点可用的键有 {keys}",
    "checkpoint_needs_before": "{where}：需要 'before'，即它出现在哪一步之前（1、2、…）",
    "checkpoint_kind": "{where}：kind {kind} 必须是 {kinds} 之一",
    "checkpoint_foreign_key": "{where}：{key} 不是 kind {kind} 的键；请删除它或改变 kind",
    "checkpoint_question_line": "{where}：{key} 必须是一行文本，不超过 {limit} 个字符",
    "checkpoint_needs_question": "{where}：需要 'question'，即要问学习者的问题",
    "checkpoint_decades_kind": "{where}：decades 必须是 [最高, 最低] 两个十的幂次，例如 [1, -4]",
    "checkpoint_decades_range": "{where}：decades [{top}, {low}] 必须从第一个降到第二个，都在 ±30 "
    "之内，并给出 2 到 {limit} 个选项",
    "checkpoint_options": "{where}：options 是 2 或 3 个词：larger、smaller（第三个是 about the "
    "same）",
    "checkpoint_within": "{where}：within 必须大于 1（×2 表示相差两倍以内）",
    "checkpoint_variants_count": "{where}：variants：请给出 2 到 {limit} 个可选的变体",
    "checkpoint_no_variant": "{where}：variants：没有名为 {name} 的变体；请用 [variants] 中的名称",
    "checkpoint_best": "{where}：best {best} 必须是 {bests} 之一",
    "checkpoint_target": "{where}：target 按十的幂次比较：请给一个大于 0 的数",
    "checkpoint_variant": "变体 {name}：{problem}",
}

HELP_ZH: dict[str, str] = {
    "seed": "权重、数据和批次的随机种子；种子相同，数字就相同",
    "dtype": "所有计算使用的浮点精度",
    "loss": "损失函数（采用 PyTorch 的默认归约方式）；bce 表示只有一个 sigmoid 输出单元",
    "mode": "train：BatchNorm 使用批次统计量，rrelu 使用随机斜率；"
    "eval：BatchNorm 使用滑动统计量，rrelu 使用平均斜率 11/48",
    "network.depth": "线性层的层数，包括输出层",
    "network.width": "每个隐藏层的单元数（network.widths 为空时）",
    "network.widths": "每个隐藏层的单元数，共 depth - 1 个；[] 表示都用 network.width",
    "network.activation": "每个隐藏层的激活函数（network.activations 为空时）",
    "network.activations": "每个隐藏层各自的激活函数，共 depth - 1 个；[] 表示都用 "
    "network.activation",
    "network.leaky_slope": "leaky_relu：负输入的斜率",
    "network.prelu_init": "prelu：负输入的初始斜率（之后会学习）",
    "network.prelu_per_unit": "prelu：每个单元学习一个斜率（true），还是每层一个（false）",
    "network.rrelu_lower": "rrelu：随机斜率的下限；不超过 network.rrelu_upper",
    "network.rrelu_upper": "rrelu：随机斜率的上限（eval 模式使用两者的平均值）",
    "network.elu_alpha": "elu：输入很负时趋近的值",
    "network.maxout_pieces": "maxout：每个单元的线性分段数（该层的权重是普通层的这么多倍）",
    "network.batch_norm": "在每个隐藏线性层之后加 BatchNorm1d",
    "network.bn_momentum": "BatchNorm1d：滑动统计量的动量（与 PyTorch 相同）",
    "network.bn_eps": "BatchNorm1d：开平方根之前加到方差上的数",
    "network.residual": "每个隐藏层旁加一条捷径（尺寸不同时用投影 W_s x）",
    "init.name": "权重初始化方法（torch.nn.init 的名称）；eye：W = init.scale·I；file：读取 "
    "init.path 中的权重和偏置",
    "init.mean": "normal：权重的均值",
    "init.std": "normal：权重的标准差",
    "init.low": "uniform：权重的最小值；不超过 init.high",
    "init.high": "uniform：权重的最大值",
    "init.value": "constant：每个权重的值",
    "init.gain": "xavier_normal、xavier_uniform、orthogonal：增益",
    "init.mode": "kaiming_*：保持前向传播（fan_in）或反向传播（fan_out）的方差",
    "init.nonlinearity": "kaiming_*：按哪个激活函数计算增益（torch.nn.init.calculate_gain）",
    "init.a": "kaiming_*：计算增益时 leaky_relu 的负斜率",
    "init.scale": "每个初始权重都乘以这个数（文件中的权重也乘）",
    "init.bias": "每个偏置的初始值（权重文件给出的偏置除外）",
    "init.path": "file：你自己的权重，--export 写出的 .npz 文件或 PyTorch 的 state_dict"
    "（.pt、.pth）；"
    "相对路径从配置文件所在的文件夹算起（否则从当前文件夹）",
    "data.name": "数据：teacher（回归）、spirals 或 blobs（二维分类）、mnist-like"
    "（784 个特征，10 个类别）、ones、file",
    "data.samples": "数据集中的样本数",
    "data.features": "teacher：输入特征数",
    "data.outputs": "teacher：每个样本的输出值个数",
    "data.classes": "spirals、blobs：类别数（bce 需要 2）",
    "data.noise": "加到数据上的噪声的标准差",
    "data.path": "file：你自己的数据，一个包含 x 和 y 的 .npz 或 .csv 文件",
    "data.batch_size": "每个训练步的样本数；不超过 data.samples",
    "optimizer.name": "梯度如何变成权重更新",
    "optimizer.lr": "学习率",
    "optimizer.momentum": "sgd：动量（0 即普通 SGD）",
    "optimizer.weight_decay": "加到每个权重梯度上的 L2 惩罚（与 PyTorch 相同）",
    "optimizer.beta1": "adam：梯度平均值的衰减率",
    "optimizer.beta2": "adam：梯度平方平均值的衰减率",
    "optimizer.eps": "adam：加到分母上的数",
    "clip.grad_norm": "把梯度按比例缩小到这个全局范数（clip_grad_norm_）；0 表示关闭",
    "clip.grad_value": "把每个梯度分量截断到 ±这个值（clip_grad_value_）；0 表示关闭",
    "clip.weight": "更新之后把每个权重截断到 ±这个值；0 表示关闭",
}

TABLES = {"en": EN, "zh": ZH}


class Said:
    """A sentence of the tables with its fields, to be said in any language."""

    __slots__ = ("fields", "key")

    def __init__(self, key: str, /, **fields: object) -> None:
        if key not in EN:
            raise KeyError(key)
        self.key = key
        self.fields = fields

    def __call__(self, lang: str = "en") -> str:
        table = TABLES.get(lang, EN)
        fields = {name: _said_in(value, lang) for name, value in self.fields.items()}
        text = table.get(self.key, EN[self.key]).format(**fields)
        if lang == "zh":
            # A phrase that starts with a number has a space before it (after a Chinese
            # character), but none after full-width punctuation.
            text = re.sub(r"([：；，。（]) ", r"\1", text)
        return text

    def __str__(self) -> str:
        return self("en")

    def __repr__(self) -> str:
        return f"Said({self.key!r}, {self.fields!r})"


def _said_in(value: object, lang: str) -> object:
    """A field in ``lang``: a ``Said``, or an error that can say itself (``message_in``)."""
    if isinstance(value, Said):
        return value(lang)
    message_in = getattr(value, "message_in", None)
    return message_in(lang) if callable(message_in) else value


class SaidError(ValueError):
    """An error whose message is a ``Said`` (or plain English text): ``str(error)`` is the
    English, for the command line and files; ``message_in(lang)`` says it in the learner's
    language. Both are one printable line."""

    def __init__(self, message: str | Said) -> None:
        self.said = message
        super().__init__(printable(str(message), MESSAGE_LIMIT))

    def message_in(self, lang: str) -> str:
        if isinstance(self.said, Said):
            return printable(self.said(lang), MESSAGE_LIMIT)
        return str(self)


def fields_of(template: str) -> set[str]:
    """The names in braces of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
