"""The sentences of checkpoints (a learner's predictions), per language: merged into the
catalogue (``gradtui.explain.catalogue``), so that ``say`` finds them and the catalogue's
tests hold them to the same fields in English and Chinese."""

from __future__ import annotations

PREDICT_EN: dict[str, str] = {
    # The question panel.
    "predict_heading": "Predict ({number}/{total}):",
    "predict_keys": "1–{last} answer · 0 skip · space steps",
    "predict_noted": "Your prediction: {chosen}. Now do step {step}; the log will set the "
    "measured number beside it.",
    "predict_skipped": "Question skipped; do step {step}, and the log will still give the "
    "measured answer.",
    "predict_range": "Press 1 to {last} to answer, or 0 or escape to skip.",
    # Decade options.
    "decade_about": "about {value}",
    "decade_top": "{value} or more",
    "decade_bottom": "{value} or less",
    "predict_more": "larger",
    "predict_less": "smaller",
    "predict_same": "about the same (within ×{within})",
    "pick_self": "the network as it stands",
    # The verdict, once the step has run.
    "verdict_right": "Right.",
    "verdict_skipped": "You did not predict; the answer is {answer}.",
    "verdict_off": "Off by {decades} {unit}: the measured value is {times} {direction} than "
    "you predicted.",
    "decade_unit_one": "decade",
    "decade_unit_many": "decades",
    "direction_smaller": "smaller",
    "direction_larger": "larger",
    "verdict_wrong": "Not so: the answer is {answer}, not {chosen}.",
    "verdict_none": "No option is right: the measure is {value}, not a finite number.",
    "measured_decades": "Prediction: {chosen}. Measured {measure} = {value} ({answer}).",
    "measured_compare": "Prediction: {chosen}. Measured {measure} = {value} against {than} = "
    "{other}: ratio {ratio} ({answer}).",
    "measured_against": "Prediction: {chosen}. Measured {measure} = {value}, against "
    "{other} ({answer}).",
    "measured_pick": "Prediction: {chosen}. Measured {measure}: {values}; {best} is {answer}.",
    "best_near": "nearest to {target}",
    "best_max": "the largest",
    "best_min": "the smallest",
    "no_prediction": "none",
    "predict_waiting": "The answer to the question before step {step} comes once {measure} "
    "can be measured.",
    # Transcripts.
    "transcript_predictions": "Predictions",
    "transcript_checkpoints": "Checkpoints (answers computed from this network)",
    "transcript_checkpoint_asked": "Before step {step}:",
    "transcript_checkpoint": "Before step {step}: {question} Options: {options}. The "
    "simulator's answer: {answer}.",
}

PREDICT_ZH: dict[str, str] = {
    "predict_heading": "预测（{number}/{total}）：",
    "predict_keys": "1–{last} 作答 · 0 跳过 · 空格单步",
    "predict_noted": "你的预测：{chosen}。现在做第 {step} 步；日志会把测得的数字放在它旁边。",
    "predict_skipped": "已跳过问题；做第 {step} 步，日志仍会给出测得的答案。",
    "predict_range": "按 1 到 {last} 作答，或按 0 或 escape 跳过。",
    "decade_about": "约 {value}",
    "decade_top": "{value} 或更多",
    "decade_bottom": "{value} 或更少",
    "predict_more": "更大",
    "predict_less": "更小",
    "predict_same": "差不多（相差不到 ×{within}）",
    "pick_self": "当前的网络",
    "verdict_right": "答对了。",
    "verdict_skipped": "你没有预测；答案是{answer}。",
    "verdict_off": "差了 {decades} {unit}：测得的值比你预测的{direction} {times}。",
    "decade_unit_one": "个数量级",
    "decade_unit_many": "个数量级",
    "direction_smaller": "小",
    "direction_larger": "大",
    "verdict_wrong": "不对：答案是{answer}，不是{chosen}。",
    "verdict_none": "没有正确选项：测得的值是 {value}，不是有限的数。",
    "measured_decades": "预测：{chosen}。测得 {measure} = {value}（{answer}）。",
    "measured_compare": "预测：{chosen}。测得 {measure} = {value}，对比 {than} = {other}："
    "比值 {ratio}（{answer}）。",
    "measured_against": "预测：{chosen}。测得 {measure} = {value}，对比 {other}（{answer}）。",
    "measured_pick": "预测：{chosen}。测得 {measure}：{values}；{best}的是{answer}。",
    "best_near": "最接近 {target} ",
    "best_max": "最大",
    "best_min": "最小",
    "no_prediction": "无",
    "predict_waiting": "第 {step} 步之前那个问题的答案，要等 {measure} 能测出来时给出。",
    "transcript_predictions": "预测",
    "transcript_checkpoints": "检查点（答案由这个网络算出）",
    "transcript_checkpoint_asked": "第 {step} 步之前：",
    "transcript_checkpoint": "第 {step} 步之前：{question} 选项：{options}。"
    "模拟器的答案：{answer}。",
}
