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

__all__ = ["EN", "HELP_ZH", "ZH", "Said"]

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
    "allowed_one_of": "one of {choices}",
    "allowed_each": "each {allowed}",
    "allowed_path": "empty, or a path ending in .npz or .csv",
    # Serve mode (gradtui.tui.served): a pasted config, and what a browser may not read.
    "served_no_file": "a session in the browser cannot read files of the server; choose a "
    "generated data set ({choices})",
    "paste_empty": "nothing was pasted: paste a config's TOML text",
    "paste_too_long": "the pasted text is {length} characters; a config is at most {limit}",
    "paste_too_deep": "the pasted text nests too deeply",
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
    "allowed_one_of": "{choices} 之一",
    "allowed_each": "每一项为{allowed}",
    "allowed_path": "留空，或以 .npz 或 .csv 结尾的路径",
    "served_no_file": "浏览器中的会话不能读取服务器上的文件；请选择一个生成的数据集（{choices}）",
    "paste_empty": "没有粘贴任何内容：请粘贴配置的 TOML 文本",
    "paste_too_long": "粘贴的文本有 {length} 个字符；配置最多 {limit} 个字符",
    "paste_too_deep": "粘贴的文本嵌套太深",
}

HELP_ZH: dict[str, str] = {
    "seed": "权重、数据和批次的随机种子；种子相同，数字就相同",
    "dtype": "所有计算使用的浮点精度",
    "loss": "损失函数（采用 PyTorch 的默认归约方式）；bce 表示只有一个 sigmoid 输出单元",
    "mode": "train：BatchNorm 使用批次统计量，rrelu 使用随机斜率；eval：使用滑动统计量和固定斜率",
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
    "init.name": "权重初始化方法（torch.nn.init 的名称）",
    "init.mean": "normal：权重的均值",
    "init.std": "normal：权重的标准差",
    "init.low": "uniform：权重的最小值；不超过 init.high",
    "init.high": "uniform：权重的最大值",
    "init.value": "constant：每个权重的值",
    "init.gain": "xavier_normal、xavier_uniform、orthogonal：增益",
    "init.mode": "kaiming_*：保持前向传播（fan_in）或反向传播（fan_out）的方差",
    "init.nonlinearity": "kaiming_*：按哪个激活函数计算增益（torch.nn.init.calculate_gain）",
    "init.a": "kaiming_*：计算增益时 leaky_relu 的负斜率",
    "init.scale": "每个初始权重都乘以这个数",
    "init.bias": "每个偏置的初始值",
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


def fields_of(template: str) -> set[str]:
    """The names in braces of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
