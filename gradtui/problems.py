"""What a problem with a config value says, in English and Chinese.

``gradtui.config`` builds its problems as ``Said(key, **fields)``: the English is the
message of a ``ConfigError`` (for the command line and files), and the config form says
the same problem in the learner's language. A field may itself be a ``Said`` (the allowed
range, a type's name), said in the same language. A test compares the two tables key by
key and field by field, as it does the explanations' catalogue.
"""

from __future__ import annotations

import string

__all__ = ["EN", "ZH", "Said"]

EN: dict[str, str] = {
    # Types.
    "must_be": "{value} must be {kind}",
    "must_be_write": "{value} must be {kind}; write {whole}",
    "must_be_list": "{value} must be a list of {items}, e.g. {example}",
    "must_be_bool_text": "{value} must be true or false (or yes/no, 1/0)",
    "too_large": "{value} is too large a number",
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
}

ZH: dict[str, str] = {
    "must_be": "{value} 必须是{kind}",
    "must_be_write": "{value} 必须是{kind}；请写成 {whole}",
    "must_be_list": "{value} 必须是由{items}组成的列表，例如 {example}",
    "must_be_bool_text": "{value} 必须是 true 或 false（也可以写 yes/no、1/0）",
    "too_large": "{value} 这个数太大了",
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
    "bce_classes": "'bce' 需要 2 个类别，但 data.classes 是 {classes}；请设置 data.classes = 2，"
    "或者使用损失 'cross_entropy'",
    "cross_entropy_regression": "'cross_entropy' 需要类别，但 data.name '{name}' 是回归数据集；"
    "请使用损失 'mse'，或者换一个分类数据集（spirals、blobs、mnist-like）",
    "bce_mnist": "'bce' 需要 2 个类别，但 mnist-like 有 10 个；请使用损失 'cross_entropy'",
    "memory": "这个网络需要 {need} 内存，但只有 {available} 可用（gradtui 最多使用一半）；{advice}",
    "memory_advice": "请减少层数（network.depth）或减小宽度（network.width）",
    "memory_advice_samples": "请减少层数（network.depth）或减小宽度（network.width），"
    "或者减少样本数（data.samples）",
}

TABLES = {"en": EN, "zh": ZH}


class Said:
    """A sentence of the tables with its fields, to be said in any language."""

    __slots__ = ("fields", "key")

    def __init__(self, key: str, **fields: object) -> None:
        if key not in EN:
            raise KeyError(key)
        self.key = key
        self.fields = fields

    def __call__(self, lang: str = "en") -> str:
        table = TABLES.get(lang, EN)
        fields = {
            name: value(lang) if isinstance(value, Said) else value
            for name, value in self.fields.items()
        }
        return table.get(self.key, EN[self.key]).format(**fields)

    def __str__(self) -> str:
        return self("en")

    def __repr__(self) -> str:
        return f"Said({self.key!r}, {self.fields!r})"


def fields_of(template: str) -> set[str]:
    """The names in braces of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
