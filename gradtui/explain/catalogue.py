"""Every sentence gradtui says, by key, per language. Fields in braces are filled with numbers
already formatted for people (``gradtui.explain.format``).

One key, one sentence (or a clause that ``explain`` joins). A language must have every key
the English catalogue has, with the same fields: a test compares them.
"""

from __future__ import annotations

from gradtui.explain.predict_words import PREDICT_EN, PREDICT_ZH

EN: dict[str, str] = {
    # The start and the stages that are not layers.
    "start": "{title}: {depth} layers, nothing computed yet.",
    "start_after_sentence": "{title} {depth} layers, nothing computed yet.",
    # A sentence ending in _next says which key to press next: the screen leaves it out
    # where a lesson's step asks for another key (gradtui.tui.screens.main.screen).
    "start_next": "Press space to step through the forward pass, one layer at a time.",
    "start_views": "Views: T theory, H history, C compare, B through time; ? lists every key.",
    "ready": "Batch {batch} loaded ({examples} examples).",
    "ready_next": "Press space to run layer 1 forward.",
    "loss": "Loss ({loss_name}) = {loss}.",
    "loss_next": "The backward pass starts at the output: press space to send the gradient "
    "back through layer {depth}.",
    "loss_nonfinite": "The loss is {loss}: the numbers overflowed before it ({where}). Nothing "
    "useful can flow back; press R to reset, then lower init.scale or optimizer.lr (f scale "
    "enter, type the value, enter applies).",
    # Forward, one layer.
    "forward": "Layer {layer} forward ({activation}): z has mean {z_mean} and spread "
    "{z_std}; {symbol}(z) averages {fprime_mean}, at most {fprime_max}.",
    "forward_saturated": "{fraction} of its units are saturated ({symbol} below a tenth of "
    "its peak): on the way back they will let almost no gradient through.",
    "forward_dead": "{fraction} of its units are dead (zero for every example): they will "
    "pass no gradient back.",
    "forward_nonfinite": "Overflow: z or a holds inf or NaN at layer {layer}; the numbers have "
    "grown past what float64 holds. Press R to reset and lower init.scale or optimizer.lr (f "
    "scale enter, type the value, enter applies).",
    "forward_done": "The forward pass is done; press space for the loss.",
    "forward_done_quiet": "The forward pass is done.",
    # Backward, one layer.
    "backward": "Layer {layer} back: ‖∂L/∂a_{layer}‖ = {grad_a} arrives (row {layer}, running "
    "product {running}), and layer {layer} learns from ‖∂L/∂W_{layer}‖ = {grad_w}. {symbol}(z) "
    "averaged {fprime_mean}, at most {fprime_max}; ‖W‖ = {weight_norm}.",
    "backward_factor": "It passes {passed}: local factor {local} ({activation_part} from "
    "{symbol}, {weight_part} from the weights).",
    "backward_factor_residual": "It passes {passed}: local factor {local}. The shortcut carries "
    "‖∂L/∂a_{layer}‖ back {how}; the branch through W and {symbol} adds {branch_part} of it.",
    "backward_left": "Running product of {what}: {left} of the output's gradient.",
    "backward_grown": "Running product of {what}: {left} the output's gradient.",
    "backward_nonfinite": "The gradient became inf or NaN at layer {layer} ({where} first): "
    "press R to reset; try gradient clipping (f grad_norm enter, type 1, enter applies) or a "
    "smaller init.scale.",
    "backward_zero": "Layer {layer} back: ‖∂L/∂a_{layer}‖ is exactly 0 (row {layer}): nothing "
    "arrives, so layer {layer} learns nothing from this batch and passes 0 on. It became 0 "
    "passing through layer {origin} (row {origin} still has a gradient): {because}.",
    "backward_done": "The backward pass reached layer 1: ‖∂L/∂W₁‖ ÷ ‖∂L/∂W_{depth}‖ = {w_share} "
    "(rows 1 and {depth}).",
    # Regimes as they appear, with their cause and what to try.
    "vanished": "The gradient has vanished at row {below}: ‖∂L/∂a_{below}‖ is less than "
    "1/100 of the output's.",
    "exploded": "The gradient has exploded at row {below}: ‖∂L/∂a_{below}‖ is more than "
    "100× the output's.",
    "cause_sigmoid": "Why: sigmoid's slope σ' is at most 0.25, so each sigmoid layer "
    "multiplies the gradient by a quarter or less unless the weights make up for it.",
    "cause_saturated": "Why: {fraction} of this layer's {activation} units are saturated, "
    "where the slope is nearly 0.",
    "cause_dead": "Why: {fraction} of this layer's units are dead ReLUs: zero slope for "
    "every example.",
    "cause_small_weights": "Why: the weights shrink it ({weight_part} per layer here); "
    "init {init} is too small for width {width}.",
    "cause_constant": "Why: every weight is {value}, so each layer multiplies the gradient "
    "by about {value} × {width} = {product} (before the activation's slope).",
    "cause_eye": "Why: every W is {value}·I (init eye), which multiplies the gradient by "
    "exactly {factor} in a square layer and by at most {factor} in one that is not (before "
    "the activation's slope).",
    "cause_large_weights": "Why: the weights multiply it by {weight_part} per layer; init "
    "{init} is too large for width {width} (He's std would be {he_std}, Xavier's "
    "{xavier_std}).",
    "try_relu": "Try: network.activation = relu with init.name = kaiming_normal (f activation "
    "enter, enter, choose relu; the same for init.name; a applies), or the lessons relu-he, "
    "batchnorm-rescue and residual-rescue.",
    "try_leaky": "Try: leaky_relu, which keeps a small slope below 0 (lesson leaky-relu-rescue, "
    "L), or a lower optimizer.lr.",
    "try_init": "Try: a scaled init: xavier_normal for sigmoid and tanh, kaiming_normal for "
    "ReLU (lesson init-matters).",
    "try_clip": "Try: gradient clipping (clip.grad_norm = 1: f grad_norm enter, type 1, enter "
    "applies; lesson clipping, L), a smaller init (xavier_normal or kaiming_normal, lesson "
    "init-matters) "
    "or batch norm.",
    # Clip and update.
    "clip_off": "Clipping is off (clip.grad_norm = 0: f grad_norm enter, type a limit, enter "
    "applies); the global gradient norm is {before}.",
    "clip_next": "Press space to update the weights.",
    "clip_norm": "Gradient clipping by norm: the global norm {before} was scaled down to "
    "{after}: every parameter's gradient (each ∂L/∂W and ∂L/∂b) ×{scale}, for the update "
    "only. The chart's bars are the backward pass's gradients, before clipping (∂L/∂a is "
    "never clipped).",
    "clip_still_exploding": "{rows} still read ▲: clipping changes nothing in the backward "
    "pass, so the gradient still grows through the network ({running} at row {first}); it "
    "only bounds how far each update moves the weights.",
    "clip_norm_untouched": "Gradient clipping by norm: the global norm {before} is under "
    "the limit {limit}, nothing changed.",
    "clip_value": "Clipping by value: {fraction} of the gradient entries were clamped to "
    "±{limit}; the global norm went from {before} to {after}.",
    "update": "Updated the weights ({optimizer}, learning rate {lr}): ‖ΔW‖ ÷ ‖W‖ is "
    "{first_ratio} at layer 1 and {last_ratio} at layer {depth}.",
    "update_slow": "Layer 1 learns {ratio} slower than layer {depth} (‖ΔW‖ ÷ ‖W‖).",
    "update_alpha": "PReLU's α at layer 1 is now {alpha}.",
    "update_next": "Press space to load the next batch, or t to train {train} steps.",
    "update_next_nonfinite": "The loss is {loss}: the numbers overflowed, so more steps learn "
    "nothing. Press R to reset, then lower optimizer.lr or init.scale (f lr enter, type the "
    "value, enter applies).",
    # Going back, training.
    "back": "Back to: {where}.",
    "back_at_start": "This is the start of the step: nothing to go back to.",
    "reset": "Reset: a fresh network from the same config and seed.",
    "step_next": "Press space to step.",
    "training": "Training {steps} steps… (press p to stop)",
    "trained": "Trained {steps} steps; the loss is now {loss}.",
    "applied": "{what}: {depth} layers, {activation}, init {init}{again}.",
    # After an edit applied: a new network is built from the seed, the steps trained are gone.
    "applied_again": "; it starts again at step 0",
    "activation_mixed": "mixed {names}",
    "language": "Explanations are now in English (z switches back to Chinese).",
    # Where the stepper stands (the status line, "back to").
    "phase_ready": "batch {batch} loaded",
    "phase_forward": "forward → {layer}",
    "phase_loss": "loss computed",
    "phase_backward": "backward ← {layer}",
    "phase_clip": "clip",
    "phase_update": "update",
    "status": "{phase} · loss {loss} · step {step}",
    "lesson_label": "Lesson: ",
    "chart_both": "‖∂L/∂a‖ (a) and ‖∂L/∂W‖ (W)",
    "chart_grad_a": "‖∂L/∂a‖, the gradient flowing back",
    "chart_grad_w": "‖∂L/∂W‖, what each layer learns from",
    "chart_before_clip": "bars: gradients before clipping",
    "detail_clipped": "clipped for the update: ‖∂L/∂W‖ ×{scale} = {after}",
    "chart_log": ", log scale",
    # The chart's legend: a line may break at its double spaces only (draw/chart.py).
    "chart_legend": "vs row {last}: ▽ <{below}  ● ok  ▲ >{above}  ✖ inf/NaN",
    "chart_legend_last": "vs the last row of its kind: ▽ <{below}  ● ok  ▲ >{above}  ✖ inf/NaN",
    "chart_legend_huge": "W rows: ▲ also  above {huge} itself",
    "detail_title": "Layer {layer} of {depth}",
    "detail_no_backward": "Backward: not reached yet in this pass.",
    "detail_zero": "‖∂L/∂a‖ here is exactly 0: it became 0 passing through layer {origin} "
    "(row {origin} still has a gradient): {because}.",
    "detail_factor": "local factor ",
    "detail_left": "left of the output's gradient ",
    "detail_no_forward": "Forward: not computed yet in this pass.",
    "detail_z": "z mean {mean}, spread {spread}; mean a {a_mean}",
    "detail_slope": "{symbol}(z) mean {mean}, max {max}; saturated {saturated}, dead {dead}",
    "detail_update": "last update ‖ΔW‖ ÷ ‖W‖ {ratio}",
    "detail_alpha_now": "now α {alpha}",
    "detail_histogram": "{symbol}(z) histogram:",
    "where_forward": "the forward pass at layer {layer}",
    "where_backward": "the backward pass at layer {layer}",
    "where_loss": "the loss",
    "forward_nonfinite_again": "Layer {layer} forward: inf or NaN again.",
    "backward_nonfinite_again": "Layer {layer} back: inf or NaN again.",
    # Transcripts (Markdown).
    "transcript_session": "gradtui session: {title}",
    "transcript_question": "Question:",
    "loss_mse": "mean squared error",
    "loss_cross_entropy": "cross-entropy",
    "loss_bce": "binary cross-entropy",
    "transcript_steps": "What to do",
    "transcript_look": "What to look at",
    "transcript_pass": "One training step, stage by stage",
    "transcript_checks": "What the simulator measured",
    "transcript_config": "Network: {depth} layers of width {width}, {activation}, init {init}, "
    "loss {loss}, {optimizer} with learning rate {lr}, seed {seed}.",
    "transcript_saved": "Saved the log as a Markdown transcript: {path}",
    "transcript_session_lessons": "gradtui session: {count} lessons, in the order taken",
    "transcript_session_parts": "gradtui session: {count} lessons and networks, in the order "
    "opened",
    "transcript_config_applied": "Edited in it, the last network applied had {changes}.",
    "log_heading_course": "Course {number}/{count}: {title}",
    "unapplied_step": "The form has an edit not applied yet ({changes}): this step ran the "
    "network as applied. Press a to apply the edit (in a text field, enter).",
    # The views.
    "compare_step": "Step both through a whole pass (e) to compare what reaches layer 1.",
    "compare_share_above": "{name}: {value} the output's gradient",
    "compare_share_below": "{name}: {value} of the output's gradient",
    "compare_at_input": "At layer 1, {first}; {second}.",
    "compare_overflow": "{names} overflowed to inf or NaN.",
    "compare_alike": "Both keep the gradient alike.",
    "compare_better": "{name} keeps the gradient nearer the output's (×1 is perfect): {ratio}.",
    "compare_more": "{ratio}× more",
    "compare_less": "{ratio}× less",
    "compare_zero": "while the other's is exactly 0",
    "tt_verdict": "Back through {steps} time steps, the RNN keeps {rnn} of the gradient that "
    "left step {steps} ({rnn_first} at step 1 ÷ {rnn_last}), the LSTM {lstm} ({lstm_first} ÷ "
    "{lstm_last}): {comparison}, or {rnn_step} against {lstm_step} a step on average. The RNN "
    "multiplies it by tanh'·W_h at every step; the LSTM's cell state passes it on through its "
    "forget gates σ(f) ({gate} on average here) instead of a squashing derivative, and at "
    "every step the gradient that reaches the hidden state through the gates is added to it.",
    "tt_travel": "The gradient leaves step {steps} and travels back: press space (or e).",
    "tt_about": "Its own RNN and LSTM, not the main screen's network: {hidden} units, one "
    "W_h (orthogonal ×{scale}) for every step.",
    "tt_legend": "vs step {last}: ▽ <{below}  ● ok  ▲ >{above}  ✖ inf/NaN",
    "theory_chi_note": "σ_w² = fan_in·Var(W); z ~ N(mean, spread²) of the layer's z. The "
    "gradient's norm is multiplied on average by √χ = √(σ_w²·E[f'(z)²]): below 1 it vanishes, "
    "above 1 it explodes. 'measured' is the layer's local factor in this pass, ‖∂L/∂a_(l−1)‖ ÷ "
    "‖∂L/∂a_l‖; it agrees when it is within a factor of 1.5 of √χ (one batch scatters "
    "about the average), else the last column says how much larger or smaller it is.",
    "theory_spectra_note": "The spread (largest ÷ smallest) of a layer's singular values: 1 "
    "keeps every direction of the gradient; a wide spread shrinks most of them. Orthogonal "
    "init puts every singular value of W at 1; only f'(z) then spreads the Jacobian's. The last "
    "row is the whole network's Jacobian, the product of the layers'.",
    "theory_spectra_one": "With one output it is a single row and has one singular value, so "
    "its spread is 1 whatever the layers do: read its size, what the network keeps.",
    "theory_window": "The window where |w·σ'(wx + b)| ≥ 1 is empty for |w| ≤ 4 (σ' is at most "
    "1/4) and at most {width} wide, at |w| = {weight}: a sigmoid unit amplifies the gradient "
    "only for a narrow range of inputs, so sigmoid networks rarely explode.",
    "theory_saturated": "{share} of the z lie beyond ±{edge} where {symbol} is below a tenth "
    "of its peak (saturated); the rest in the range where it passes gradient.",
    "theory_relu": "{share} of the z are ≤ 0, where the slope is {slope}; {rest} are > 0, "
    "where it is 1.",
    "theory_other": "z: mean {mean}, spread {spread}.",
    "theory_step_forward": "Step the forward pass to this layer to see where its z sit.",
    "history_empty": "No training yet: press t to train, or step through a whole step.",
    "history_scale": "steps {first}–{last} →   shade: ‖∂L/∂W‖ from {low} (░) to {high} (█), "
    "blank if 0; ▽ below {below}, ▲ above {above} the output's",
    "history_scale_huge": ", or above {huge} itself",
    "history_dead": "Dead units by layer (share, now at the right): C9, C20",
    "history_saturated": "Saturated units by layer (share, now at the right): C6",
    # Causes, rows and what to press next (README: "Numerical conventions").
    "backward_output": "Layer {layer} back: the output's gradient ‖∂L/∂a_{layer}‖ = {grad_a} "
    "arrives (row {layer}, the row every running product is measured against), and layer {layer} "
    "learns from ‖∂L/∂W_{layer}‖ = {grad_w}. {symbol}(z) averaged {fprime_mean}, at most "
    "{fprime_max}; ‖W‖ = {weight_norm}.",
    "passed_to_layer": "‖∂L/∂a_{below}‖ = {value} on to layer {below} (row {below})",
    "passed_to_input": "‖∂L/∂x‖ = {value} on to the input x (not a row: nothing learns from it)",
    "row": "row {row}",
    "the_input": "∂L/∂x",
    "backward_factor_bn": "It passes {passed}: local factor {local} ({activation_part} from "
    "{symbol}, {bn_part} from batch norm, {weight_part} from the weights).",
    "shortcut_identity": "unchanged",
    "shortcut_projection": "multiplied by W_sᵀ",
    "branch_zero": "The branch passes back exactly 0, so all of it comes through the shortcut.",
    "backward_passes_zero": "It passes {passed}: exactly 0.",
    "zero_below": "So no layer below learns anything from this batch.",
    "backward_zero_loss": "Layer {layer} back: ‖∂L/∂a_{layer}‖ is exactly 0 (row {layer}): the "
    "loss's own gradient is 0 for this batch, so no layer learns from it.",
    "because_dead": "every unit there is dead (f'(z) = 0 for every example)",
    "because_saturated": "its units are saturated so far that f'(z) rounds to 0",
    "because_zero_slope_where": "the gradient arrived only where f'(z) = 0",
    "because_underflow": "the product underflowed below float64's smallest number, though no "
    "factor was 0",
    "because_zero_weight": "the weights it met are 0",
    "because_batch_norm": "batch norm's backward removed all of it",
    "why_dead": "Why: all {units} units of layer {layer} are dead: f'(z) = 0 for every unit and "
    "every example of the batch, so ∂L/∂z = ∂L/∂a ⊙ f'(z) is exactly 0.",
    "why_saturated": "Why: every unit of layer {layer} is saturated so far that {symbol}(z) "
    "rounds to exactly 0 in float64, so ∂L/∂z is exactly 0.",
    "why_zero_slope_where": "Why: each entry of ∂L/∂a_{layer} that is not 0 meets a unit whose "
    "{symbol}(z) is 0 for that example ({dead} of the units are dead for the whole batch), so "
    "∂L/∂z is exactly 0.",
    "why_underflow": "Why: it underflowed. No factor was 0 (smallest {symbol}(z) {fprime_min}, "
    "‖W‖ = {weight_norm}), but the products fell below float64's smallest number (about "
    "5×10⁻³²⁴) and rounded to exactly 0.",
    "why_zero_weight": "Why: W_{layer} is exactly 0 (init {init}), so {passed_symbol} = "
    "∂L/∂h·W_{layer}ᵀ is exactly 0; layer {layer} itself still learns (‖∂L/∂W_{layer}‖ = "
    "{grad_w}).",
    "why_zero_weight_met": "Why: the weights of W_{layer} that the gradient meets are 0 (‖W‖ = "
    "{weight_norm} in all), so {passed_symbol} = ∂L/∂h·W_{layer}ᵀ is exactly 0.",
    "why_batch_norm": "Why: batch norm's backward removes the part of ∂L/∂z that is the same for "
    "every example and the part along its normalised input; here that was all of it, so ∂L/∂h is "
    "exactly 0.",
    "cause_small_slope": "Why: {symbol}(z) averages {fprime_mean} here: only {activation_part} "
    "of the gradient gets through the activation.",
    "cause_batch_norm": "Why: batch norm's backward scales it by {bn_part} here: it multiplies "
    "by γ ÷ the batch's spread of h (the Linear output) and removes the part shared by every "
    "example.",
    "cause_residual": "Why: the shortcut carries ‖∂L/∂a_{layer}‖ back whole and the branch adds "
    "{branch_part} of it on top, so the gradient grows at every residual layer.",
    "try_clip_on": "Try: a smaller init (xavier_normal or kaiming_normal, lesson init-matters) "
    "or batch norm. Clipping, which is on, bounds the update, not these gradients.",
    "try_random_init": "Try: a random init (init.name = kaiming_normal or xavier_normal: f "
    "init.name enter, enter, choose it, a applies): with every weight 0, no gradient gets through.",
    "w_zero_input": "‖∂L/∂W_{layer}‖ is exactly 0 because ∂L/∂W_{layer} = "
    "a_{below}ᵀ·∂L/∂z_{layer} and the layer's input a_{below} is exactly 0.",
    "flat_w": "‖∂L/∂W_{layer}‖ = {grad_w} is about ‖∂L/∂W_{above}‖ = {grad_w_above} ({w_ratio}) "
    "although ‖∂L/∂a‖ changed by {a_ratio} from row {above} to row {layer}: ∂L/∂W_{layer} = "
    "a_{below}ᵀ·∂L/∂z_{layer}, and ‖a_{below}‖ ÷ ‖a_{layer}‖ = {input_ratio}, which cancels it.",
    "next_clip_on": "Press space to clip the gradient ({setting}), then again to update.",
    "next_clip_off": "Press space for the clipping stage: clipping is off here, so it changes "
    "nothing (to turn it on: f grad_norm enter, type a limit, enter applies); space "
    "again updates.",
    "update_clipped": "Clipping scaled every gradient by {scale} before this update, the same "
    "for every layer.",
    "update_fast": "Layer 1 learns {ratio} faster than layer {depth} (‖ΔW‖ ÷ ‖W‖).",
    "update_why_gradient": "Why: ‖∂L/∂W₁‖ ÷ ‖∂L/∂W_{depth}‖ = {share}, the gradient at work.",
    "update_why_weights": "Why: not the gradient (‖∂L/∂W₁‖ ÷ ‖∂L/∂W_{depth}‖ = {share}) but the "
    "weights: ‖W₁‖ ÷ ‖W_{depth}‖ = {weights}.",
    "update_why_adam": "Why: Adam takes steps of about the learning rate whatever the gradient's "
    "size, so ‖ΔW‖ ÷ ‖W‖ follows ‖W‖ (‖W₁‖ ÷ ‖W_{depth}‖ = {weights}).",
    "backward_reference_nonfinite": "The output's gradient ‖∂L/∂a_{depth}‖ is {value}, so no "
    "running product can be given.",
    "detail_zero_loss": "‖∂L/∂a‖ here is exactly 0: the loss's own gradient is 0.",
    "detail_row": "row {layer}: ‖∂L/∂a‖ {grad_a} · running product {running} · ‖∂L/∂W‖ {grad_w}",
    "detail_passes": "passes {symbol} {value} on · running product {running} ({ratio})",
    "detail_rows_ratio": "row {row} ÷ row {depth}",
    "detail_input_ratio": "‖∂L/∂x‖ ÷ row {depth}",
    "detail_passes_zero": "passes exactly 0 on: {because}",
    "tt_lstm_more": "the LSTM keeps {ratio}× more",
    "tt_rnn_more": "the RNN keeps {ratio}× more",
    "tt_same": "both keep the same",
    "theory_chi_equal": "√χ does not apply to {layers}: all of a layer's weights are equal "
    "(Var W = 0), so σ_w² = 0 and √χ would say ×0 whatever the gradient does. The mean-field "
    "factor assumes many independent random weights of mean 0, and equal weights are not; the "
    "measured column is what this pass did.",
    "theory_chi_mean": "√χ does not apply to {layers}: the weights' mean is at least as large "
    "as their spread (|mean of W| ≥ std of W), and the mean-field factor assumes weights of "
    "mean 0; the measured column is what this pass did.",
    "theory_cost_how": "f(z) and f'(z) together on {size} numbers, the fastest of {repeats} "
    "runs, timed on this machine when this view opened (open it again to measure again).",
    "theory_cost_gelu": "gelu's row is mostly gradtui's own cost: NumPy has no erf, so gradtui "
    "computes it one number at a time (libm's erf, exact); a library with a vectorised erf "
    "computes GELU at about the cost of the other exponential rows.",
    "theory_cost_ratio": "Per element, {activation} costs {ratio}× what relu costs.",
    "theory_cost_share": "In this network's last pass {values} values went through their "
    "activation: about {ms} ms of the pass's {pass_ms} ms ({share}); the matrix products and "
    "the statistics gradtui gathers at every layer take the rest, the same for any "
    "activation, which is why the passes' times differ by less than the table's.",
    "theory_agrees": "agrees: ×{ratio} of √χ",
    "theory_larger": "{ratio}× larger than √χ",
    "theory_smaller": "{ratio}× smaller than √χ",
    # ---- The layer detail's parameter count, f'(z) range, C7 signs; pass time; the count
    # typed before t. A detail line is "label value" throughout (params 72, pass 1.9 ms). ----
    "detail_params": "params {count} = {parts}",
    "detail_network": "network: params {total}, pass {ms} ms",
    "detail_network_untimed": "network: params {total} (press e to time a pass)",
    "detail_pieces": " = {pieces} pieces × {each}",
    "detail_batch_norm": "batch norm",
    "detail_part_bn": "batch norm",
    "detail_shortcut_identity": "identity shortcut",
    "detail_shortcut_projection": "projection shortcut",
    "detail_fprime_range": "{symbol}(z) min {min}",
    "detail_signs": "unit 1 ← signs of ∂L/∂W (example 0): {signs}",
    "detail_one_sign": "units whose ∂L/∂W have one sign (example 0): {agreeing} of {units}",
    "detail_more": "↓ {lines} more lines: press d",
    "detail_whole_back": "d: back to the chart and the log",
    "pass_time": "Time: pass {ms} ms (forward and backward of this batch, the screen not counted); "
    "to compare activations (C8), change network.activation and press e again.",
    "trained_pass": "A pass took {ms} ms on average over these steps (forward and backward of a "
    "batch, the screen not counted).",
    "count_pending": "{count} t…: press t to train {count} steps, escape cancels",
    "count_pending_short": "{count} t…: t trains {count} steps",
    "count_too_many": "{count} t…: at most {most} at a time: press t to train {most}, "
    "escape cancels",
    "count_too_many_short": "{count} t…: t trains {most}, the most",
    "count_zero": "0 steps: type a count from 1 to {most} before t, or press t alone to "
    "train {default}.",
    # The chart's marker of the rows the log speaks of.
    "chart_spoken": "┌└ the rows the log speaks of",
    # The glossary (G): the words of the chart, the detail and the log, and the claim codes.
    "glossary_title": "Glossary: the words and codes on screen",
    "glossary_grad_a": "‖∂L/∂a_l‖ (the chart's a rows): how much the loss changes with layer "
    "l's output. It is what flows back: it arrives at layer l from layer l+1, and layer l passes "
    "‖∂L/∂a_(l−1)‖ on to layer l−1.",
    "glossary_grad_w": "‖∂L/∂W_l‖ (the W rows): how much the loss changes with layer l's "
    "weights, what the layer learns from: an update moves W_l by the learning rate times "
    "∂L/∂W_l = a_(l−1)ᵀ·∂L/∂z_l, so it also grows and shrinks with the layer's input.",
    "glossary_local": "local factor of layer l: ‖∂L/∂a_(l−1)‖ ÷ ‖∂L/∂a_l‖ (rows l−1 and "
    "l): how much layer l shrinks (below 1) or grows (above 1) the gradient it passes back. The "
    "detail splits it into the slope's part (f'(z)) and the weights' part (W). The slope's "
    "part is ‖∂L/∂z_l‖ ÷ ‖∂L/∂a_l‖: the root mean square of f'(z), each unit and example "
    "weighted by the square of the gradient it receives, so not the mean of f'(z) on the "
    "detail's later line (ReLU: ×0.75 beside a mean of 0.52).",
    "glossary_running": "running product at row l: ‖∂L/∂a_l‖ ÷ ‖∂L/∂a_L‖, what is left of the "
    "output's gradient at row l, the product of the local factors of layers L down to l+1.",
    "glossary_regimes": "Regimes, judged against the output's gradient of the same kind (row "
    "L), which is what the chain rule multiplies: ▽ vanishing below {vanishing} of it, ▲ "
    "exploding above {exploding} it, ● healthy in between, ✖ inf or NaN (overflow). So ● "
    "says a row kept the output's size, not that the size is small: row L is always ●, and "
    "a row as large as row L is ● even at 10⁸. A W row (‖∂L/∂W‖, what an update moves the "
    "weights by, times the learning rate) also reads ▲ when the value itself is above "
    "{huge}: one SGD step at learning rate 0.01 then moves the weights by more than 1.",
    "glossary_marks": "In the chart: ┌└ the rows the log's newest entry speaks of, ▶ the "
    "selected layer (↑/↓), ◆ the layer being computed, ░ the previous pass where this one has "
    "not arrived yet.",
    "glossary_claims": "Claims C1–C24: what the source articles say, each shown by a lesson "
    "(L searches lessons by claim, e.g. C17):",
    "glossary_keys": "↑/↓ scroll · escape back",
    "glossary_a_vs_w": "‖∂L/∂a‖ against ‖∂L/∂W‖: the first is the gradient arriving at a "
    "layer, the second what the layer learns from it (∂L/∂a_l times the slope f'(z_l), times "
    "the layer's input a_(l−1)). They can part: a large or small input makes the W bar "
    "longer or shorter than the a bar, so level W bars can hide vanishing a bars; g shows "
    "a, W or both.",
    # The lesson panel's mark where it is cut, and the whole lesson (i).
    "lesson_more": "… i: the whole lesson",
    # Before a step that starts with a count while its question is open: digits answer it.
    "lesson_answer_first": "Answer the question first. ",
    "lesson_done": " Answer it from what you saw; L opens another lesson.",
    "lesson_steps": "Steps",
    "lesson_step_after": "(shown once step {step} is done: it may give away its question's answer)",
    "lesson_look_at": "Look at",
    "lesson_question": "The question",
    "lesson_keys": "↑/↓ scroll · escape back to the lesson",
    "claim_C1": "Gradients vanish going backward: the layers near the input barely learn",
    "claim_C2": "σ'(z) is at most 0.25, and a product of many such factors goes to 0",
    "claim_C3": "Sigmoid with N(0, 1) weights: the chain-rule product decays with depth",
    "claim_C4": "Large weights explode: every weight 5, ten layers multiply by 5¹⁰",
    "claim_C5": "Sigmoid rarely explodes: |w·σ'| ≥ 1 only on a window at most 0.45 wide",
    "claim_C6": "tanh is zero-centred but still saturates, so it still vanishes",
    "claim_C7": "Sigmoid's positive outputs: one neuron's weight gradients share a sign",
    "claim_C8": "Sigmoid and tanh cost exponentials; ReLU does not",
    "claim_C9": "ReLU does not vanish for z > 0, but units can die for good",
    "claim_C10": "Leaky ReLU's small slope below 0: no unit dies",
    "claim_C11": "PReLU learns its slope α by backpropagation",
    "claim_C12": "RReLU: a random slope in training, a fixed one in evaluation",
    "claim_C13": "ELU: mean outputs nearer 0 and no dead units",
    "claim_C14": "Maxout: the max of k linear pieces, k times the parameters",
    "claim_C15": "Batch norm rescales each layer's outputs and keeps gradients stable",
    "claim_C16": "Residual connections give the gradient a direct path",
    "claim_C17": "Through time: an LSTM keeps the gradient that an RNN loses",
    "claim_C18": "Gradient clipping tames exploding gradients",
    "claim_C19": "The initialisation decides: Xavier for tanh/sigmoid, He for ReLU",
    "claim_C20": "Too high a learning rate: instability and dead units",
    "claim_C21": "A wide spread of singular values makes the gradient vanish",
    "claim_C22": "Earlier layers learn more slowly than later ones",
    "claim_C23": "A typical MLP: 784 → 256 → 128 → 10",
    "claim_C24": "Do not mix activation functions in one network",
    # Exercises (gradtui.exercises): a goal's numbers, the verdict, the locks.
    "exercise_measured": "{measure} = {value}, needs {op} {target}",
    "exercise_field": "{field} = {value}, needs {op} {target}",
    "exercise_not_measured": "not measured: {problem}",
    "exercise_locked_changed": "{field} is locked at {start} in this exercise, but is {value}",
    "exercise_met": "Exercise {id}: goal met, all {count} conditions hold on this "
    "network (measured as gradtui run --check measures it: a fresh network from seed {seed}).",
    "exercise_not_met": "Exercise {id}: goal not met yet, {passed} of {count} conditions hold "
    "on this network (measured as gradtui run --check measures it: a fresh network from seed "
    "{seed}).",
    "exercise_try": "Try: {hint}",
    "exercise_next": "X opens another exercise, L a lesson.",
    "exercise_opened": "Exercise {id}: {summary} You may change {fields} (f finds a field, "
    "enter edits it); every other field is locked. Apply (enter in a typed field, a after a "
    "choice) to be measured against the goal.",
    "exercise_refused": "{field} is locked in this exercise (it stays {start}); you may "
    "change {fields}. Nothing was applied.",
    "exercise_lock_reason": "This field is locked by the exercise {id}; you may change {fields}.",
    "exercise_label": "Exercise: ",
    "exercise_goal": "Goal: ",
    "exercise_state_met": "✓ met",
    "exercise_state_not_met": "✗ not met: {passed} of {count}",
    "exercise_may_change": "You may change: {fields}",
    "transcript_exercises": "Exercises met",
    "exercise_checked": "{name} against the goal: {goal}",
    "exercise_start": "The exercise's own network",
    "exercise_after": "{measure} after {run}",
    "exercise_measuring": "Measuring the applied network against the goal…",
    "exercise_solution": "Solution: {solution}",
    "transcript_log": "The explanation log",
    "exercise_more": "… the log's newest entry has every number",
    "exercise_closed": "The exercise {id} is closed: this network is not marked against its goal.",
    "exercises_usage": "Open one with: gradtui --exercise ID    (mark a config: gradtui run "
    "--exercise ID CONFIG --check; exit 0 met, 1 not met, 2 a bad file)",
}

ZH: dict[str, str] = {
    "start": "{title}：共 {depth} 层，尚未计算。",
    "start_after_sentence": "{title}共 {depth} 层，尚未计算。",
    "start_next": "按空格键逐层执行前向传播。",
    "start_views": "视图：T 理论，H 训练历史，C 对比，B 时间上的反向传播；按 ? 查看所有按键。",
    "ready": "已载入第 {batch} 批数据（{examples} 个样本）。",
    "ready_next": "按空格键计算第 1 层的前向传播。",
    "loss": "损失（{loss_name}）= {loss}。",
    "loss_next": "反向传播从输出端开始：按空格键把梯度传回第 {depth} 层。",
    "loss_nonfinite": "损失为 {loss}：在此之前数值已经溢出（{where}）。无法传回有用的梯度；按 R "
    "重置，然后降低 init.scale 或 optimizer.lr（按 f，输入 scale，回车，输入新值，回车即应用）。",
    "forward": "第 {layer} 层前向（{activation}）：z 的均值为 {z_mean}，标准差为 {z_std}；"
    "{symbol}(z) 平均为 {fprime_mean}，最大为 {fprime_max}。",
    "forward_saturated": "其中 {fraction} 的单元已饱和（{symbol} 低于峰值的十分之一）：反向传播时"
    "它们几乎不让梯度通过。",
    "forward_dead": "其中 {fraction} 的单元已死亡（对所有样本输出都为 0）："
    "它们不会向回传递任何梯度。",
    "forward_nonfinite": "溢出：第 {layer} 层的 z 或 a 出现了 inf 或 NaN；数值已大到 float64 "
    "无法表示。按 R 重置，并降低 init.scale 或 optimizer.lr（按 f，输入 scale，回车，输入新值，回"
    "车即应用）。",
    "forward_done": "前向传播完成；按空格键计算损失。",
    "forward_done_quiet": "前向传播完成。",
    "backward": "第 {layer} 层反向：‖∂L/∂a_{layer}‖ = {grad_a} 到达（第 {layer} 行，累积乘积 "
    "{running}），第 {layer} 层从 ‖∂L/∂W_{layer}‖ = {grad_w} 中学习。{symbol}(z) 平均为 "
    "{fprime_mean}，最大为 {fprime_max}；‖W‖ = {weight_norm}。",
    "backward_factor": "它把 {passed}：局部因子为 {local}（{symbol} 贡献 "
    "{activation_part}，权重贡献 {weight_part}）。",
    "backward_factor_residual": "它把 {passed}：局部因子为 {local}。残差连接把 ‖∂L/∂a_{layer}‖ "
    "{how}传回；经过 W 和 {symbol} 的分支再加上它的 {branch_part}。",
    "backward_left": "{what}的累积乘积：输出端梯度的 {left}。",
    "backward_grown": "{what}的累积乘积：输出端梯度的 {left}。",
    "backward_nonfinite": "梯度在第 {layer} 层变成了 inf 或 NaN（最先出现在 {where}）：按 R "
    "重置；试试梯度裁剪（按 f，输入 grad_norm，回车，输入 1，回车即应用）或更小的 init.scale。",
    "backward_zero": "第 {layer} 层反向：‖∂L/∂a_{layer}‖ 恰好为 0（第 {layer} "
    "行）：没有梯度到达，所以第 {layer} 层无法从这批数据中学到任何东西，传下去的也是 0。它在穿过第 "
    "{origin} 层时变成了 0（第 {origin} 行仍有梯度）：{because}。",
    "backward_done": "反向传播到达第 1 层：‖∂L/∂W₁‖ ÷ ‖∂L/∂W_{depth}‖ = {w_share}（第 1 行与第 "
    "{depth} 行）。",
    "vanished": "梯度消失了：第 {below} 行的 ‖∂L/∂a_{below}‖ 不到输出端的 1/100。",
    "exploded": "梯度爆炸了：第 {below} 行的 ‖∂L/∂a_{below}‖ 超过输出端的 100 倍。",
    "cause_sigmoid": "原因：sigmoid 的导数 σ' 最大只有 0.25，根据链式法则，除非权重弥补，"
    "每经过一个 sigmoid 层梯度至少缩小为四分之一。",
    "cause_saturated": "原因：这一层 {fraction} 的 {activation} 单元已饱和，那里的斜率几乎为 0。",
    "cause_dead": "原因：这一层 {fraction} 的单元是死亡的 ReLU：对每个样本斜率都为 0。",
    "cause_small_weights": "原因：权重在缩小梯度（这里每层 {weight_part}）；初始化 {init} "
    "对宽度 {width} 来说太小。",
    "cause_constant": "原因：每个权重都等于 {value}，所以每一层把梯度乘以大约 {value} × {width} = "
    "{product}（还没算激活函数的斜率）。",
    "cause_eye": "原因：每个 W 都是 {value}·I（init eye），在方形的层中把梯度恰好乘以 "
    "{factor}，在非方形的层中最多乘以 {factor}（还没算激活函数的斜率）。",
    "cause_large_weights": "原因：权重每层把梯度乘以 {weight_part}；初始化 {init} 对宽度 {width} "
    "来说太大（He 初始化的标准差应为 {he_std}，Xavier 为 {xavier_std}）。",
    "try_relu": "可以试试：把激活函数 network.activation 设为 relu，init.name 设为 kaiming_normal"
    "（按 f，输入 activation，回车，再回车，选 relu；init.name 同样操作；按 a 应用），"
    "或者学习课程 relu-he、batchnorm-rescue（批归一化）和 "
    "residual-rescue（残差连接）。",
    "try_leaky": "可以试试：leaky_relu，它在 0 以下保留一个小斜率（课程 leaky-relu-rescue，按 "
    "L），或者降低 optimizer.lr。",
    "try_init": "可以试试：按规模缩放的初始化：sigmoid 和 tanh 用 xavier_normal，ReLU 用 "
    "kaiming_normal（课程 init-matters）。",
    "try_clip": "可以试试：梯度裁剪（clip.grad_norm = 1：按 f，输入 grad_norm，回车，输入 1，回车"
    "即应用；课程 "
    "clipping，按 L）、更小的初始化（xavier_normal 或 kaiming_normal，课程 "
    "init-matters）或批归一化。",
    "clip_off": "梯度裁剪已关闭（clip.grad_norm = 0：按 f，输入 grad_norm，回车，输入上限，"
    "回车即应用）；全局梯度范数为 {before}。",
    "clip_next": "按空格键更新权重。",
    "clip_norm": "按范数进行梯度裁剪：全局范数 {before} 被缩小到 {after}：每个参数的梯度"
    "（每个 ∂L/∂W 和 ∂L/∂b）都乘以 {scale}，只用于这次更新。图表的条形是反向传播算出的、"
    "裁剪前的梯度（∂L/∂a 从不被裁剪）。",
    "clip_still_exploding": "{rows}仍然显示 ▲：裁剪不改变反向传播的任何部分，所以梯度在网络中"
    "照样增长（第 {first} 行为 {running}）；它只限制每次更新让权重移动多远。",
    "clip_norm_untouched": "按范数进行梯度裁剪：全局范数 {before} 低于上限 {limit}，没有改变。",
    "clip_value": "按数值裁剪：{fraction} 的梯度分量被截断到 ±{limit}；全局范数从 {before} "
    "变为 {after}。",
    "update": "已更新权重（{optimizer}，学习率 {lr}）：‖ΔW‖ ÷ ‖W‖ 在第 1 层为 {first_ratio}，"
    "在第 {depth} 层为 {last_ratio}。",
    "update_slow": "第 1 层的学习速度比第 {depth} 层慢 {ratio}（‖ΔW‖ ÷ ‖W‖）。",
    "update_alpha": "第 1 层 PReLU 的 α 现在是 {alpha}。",
    "update_next": "按空格键载入下一批数据，或按 t 训练 {train} 步。",
    "update_next_nonfinite": "损失为 {loss}：数值已经溢出，继续训练也学不到东西。按 R 重置，"
    "然后降低 optimizer.lr 或 init.scale（按 f，输入 lr，回车，输入新值，回车即应用）。",
    "back": "退回到：{where}。",
    "back_at_start": "已经是这一步的开头：没有可以退回的了。",
    "reset": "已重置：用同一配置和随机种子重新生成网络。",
    "step_next": "按空格键单步执行。",
    "training": "正在训练 {steps} 步……（按 p 停止）",
    "trained": "已训练 {steps} 步；现在的损失为 {loss}。",
    "applied": "{what}：共 {depth} 层，{activation}，初始化 {init}{again}。",
    "applied_again": "；从第 0 步重新开始",
    "activation_mixed": "混用 {names}",
    "language": "解释现在使用中文（按 z 切换回英文）。",
    "phase_ready": "已载入第 {batch} 批",
    "phase_forward": "前向 → {layer}",
    "phase_loss": "已算出损失",
    "phase_backward": "反向 ← {layer}",
    "phase_clip": "梯度裁剪",
    "phase_update": "更新",
    "status": "{phase} · 损失 {loss} · 第 {step} 步",
    "lesson_label": "课程：",
    "chart_both": "‖∂L/∂a‖ (a) 与 ‖∂L/∂W‖ (W)",
    "chart_grad_a": "‖∂L/∂a‖，反向流动的梯度",
    "chart_grad_w": "‖∂L/∂W‖，每层用来学习的梯度",
    "chart_before_clip": "条形：裁剪前的梯度",
    "detail_clipped": "裁剪后用于更新：‖∂L/∂W‖ ×{scale} = {after}",
    "chart_log": "，对数刻度",
    "chart_legend": "比第{last}行：▽ <{below}  ● 正常  ▲ >{above}  ✖ 溢出",
    "chart_legend_last": "比同类末行：▽ <{below}  ● 正常  ▲ >{above}  ✖ 溢出",
    "chart_legend_huge": "W 行本身超过 {huge} 也为 ▲",
    "detail_title": "第 {layer} 层（共 {depth} 层）",
    "detail_no_backward": "反向：本次传播还没有到达这一层。",
    "detail_zero": "这里的 ‖∂L/∂a‖ 恰好为 0：它在穿过第 {origin} 层时变成了 0（第 {origin} "
    "行仍有梯度）：{because}。",
    "detail_factor": "局部因子 ",
    "detail_left": "输出端梯度还剩 ",
    "detail_no_forward": "前向：本次传播还没有计算这一层。",
    "detail_z": "z 均值 {mean}，标准差 {spread}；a 均值 {a_mean}",
    "detail_slope": "{symbol}(z) 均值 {mean}，最大 {max}；饱和 {saturated}，死亡 {dead}",
    "detail_update": "上次更新 ‖ΔW‖ ÷ ‖W‖ {ratio}",
    "detail_alpha_now": "现在 α {alpha}",
    "detail_histogram": "{symbol}(z) 的分布：",
    "where_forward": "前向传播的第 {layer} 层",
    "where_backward": "反向传播的第 {layer} 层",
    "where_loss": "损失",
    "forward_nonfinite_again": "第 {layer} 层前向：仍是 inf 或 NaN。",
    "backward_nonfinite_again": "第 {layer} 层反向：仍是 inf 或 NaN。",
    "transcript_session": "gradtui 会话：{title}",
    "transcript_question": "问题：",
    "loss_mse": "均方误差",
    "loss_cross_entropy": "交叉熵",
    "loss_bce": "二元交叉熵",
    "transcript_steps": "怎么做",
    "transcript_look": "观察什么",
    "transcript_pass": "一个训练步骤，逐阶段",
    "transcript_checks": "模拟器测得的结果",
    "transcript_config": "网络：{depth} 层，宽度 {width}，激活函数 {activation}，初始化 {init}，"
    "损失 {loss}，优化器 {optimizer}，学习率 {lr}，随机种子 {seed}。",
    "transcript_saved": "已把日志保存为 Markdown 讲义：{path}",
    "transcript_session_lessons": "gradtui 会话：按学习顺序，共 {count} 课",
    "transcript_session_parts": "gradtui 会话：按打开的顺序，共 {count} 个课程和网络",
    "transcript_config_applied": "课程中改过网络，最后应用的网络是 {changes}。",
    "log_heading_course": "课程 {number}/{count}：{title}",
    "unapplied_step": "表单里有尚未应用的修改（{changes}）：这一步运行的仍是已应用的网络。"
    "按 a 应用修改（在文本框里按回车）。",
    "compare_step": "按 e 让两个网络都走完一次完整传播，再比较到达第 1 层的梯度。",
    "compare_share_above": "{name}：输出端梯度的 {value}",
    "compare_share_below": "{name}：输出端梯度的 {value}",
    "compare_at_input": "在第 1 层，{first}；{second}。",
    "compare_overflow": "{names} 溢出成了 inf 或 NaN。",
    "compare_alike": "两者保留的梯度相同。",
    "compare_better": "{name} 保留的梯度更接近输出端（×1 最理想）：{ratio}。",
    "compare_more": "多 {ratio} 倍",
    "compare_less": "少 {ratio} 倍",
    "compare_zero": "而另一个恰好为 0",
    "tt_verdict": "沿时间反向传播 {steps} 步后，RNN 保留了从第 {steps} 步出发的梯度的 "
    "{rnn}（第 1 步的 {rnn_first} ÷ {rnn_last}），LSTM 保留了 {lstm}（{lstm_first} ÷ "
    "{lstm_last}）：{comparison}，平均每步分别是 {rnn_step} 和 {lstm_step}。RNN 每一步都把梯度乘以 "
    "tanh'·W_h；LSTM 的细胞状态则经由遗忘门 σ(f)（这里平均约为 {gate}）把梯度传下去，"
    "而不是乘以一个会饱和的导数，而且每一步经由各个门到达隐藏状态的梯度都会加到它上面。",
    "tt_travel": "梯度从第 {steps} 步出发往回传：按空格键（或 e）。",
    "tt_about": "这里是它自己的 RNN 和 LSTM，不是主界面的网络：{hidden} 个单元，每一步共用同一个 "
    "W_h（正交 ×{scale}）。",
    "tt_legend": "比第 {last} 步：▽ <{below}  ● 正常  ▲ >{above}  ✖ 溢出",
    "theory_chi_note": "σ_w² = fan_in·Var(W)；z 服从该层 z 的均值与标准差所定的正态分布 N(mean, "
    "spread²)。梯度范数平均每层乘以 √χ = √(σ_w²·E[f'(z)²])：小于 1 梯度消失，大于 1 "
    "梯度爆炸。“实测”是这一层在本次传播中的局部因子 ‖∂L/∂a_(l−1)‖ ÷ ‖∂L/∂a_l‖；与 √χ "
    "相差不超过 1.5 "
    "倍时算作一致（一个批次会在平均值附近波动），否则最后一列给出它大或小多少倍。",
    "theory_spectra_note": "一层奇异值的分布宽度（最大 ÷ 最小）：为 1 时梯度的每个方向都被保留；"
    "分布越宽，大多数方向上的梯度越被压缩。正交初始化让 W 的每个奇异值都等于 1，此时只有 "
    "f'(z) 会拉开雅可比矩阵的奇异值。最后一行是整个网络的雅可比矩阵，即各层雅可比矩阵的乘积。",
    "theory_spectra_one": "只有一个输出时它只有一行、只有一个奇异值，所以无论各层怎样，它的分布宽度"
    "都是 1：要看的是它的大小，即整个网络保留了多少。",
    "theory_window": "使 |w·σ'(wx + b)| ≥ 1 的输入区间在 |w| ≤ 4 时为空（σ' 最大只有 1/4），"
    "最宽也只有 {width}，出现在 |w| = {weight} 处：sigmoid 单元只在很窄的输入范围内放大梯度，"
    "所以 sigmoid 网络很少出现梯度爆炸。",
    "theory_saturated": "{share} 的 z 落在 ±{edge} 之外，那里 {symbol} 不到峰值的十分之一"
    "（饱和）；其余的落在能传递梯度的范围内。",
    "theory_relu": "{share} 的 z ≤ 0，那里斜率为 {slope}；{rest} 的 z > 0，那里斜率为 1。",
    "theory_other": "z：均值 {mean}，标准差 {spread}。",
    "theory_step_forward": "先把前向传播执行到这一层，才能看到它的 z 落在哪里。",
    "history_empty": "还没有训练：按 t 训练，或者单步走完一整个训练步骤。",
    "history_scale": "第 {first}–{last} 步 →   深浅：‖∂L/∂W‖ 从 {low}（░）到 {high}（█），"
    "为 0 时留空；▽ 低于输出层的 {below}，▲ 高于输出层的 {above}",
    "history_scale_huge": "或本身超过 {huge}",
    "history_dead": "各层的死亡单元比例（右侧为当前值）：C9、C20",
    "history_saturated": "各层的饱和单元比例（右侧为当前值）：C6",
    # Causes, rows and what to press next (README: "Numerical conventions").
    "backward_output": "第 {layer} 层反向：输出端的梯度 ‖∂L/∂a_{layer}‖ = {grad_a} 到达（第 "
    "{layer} 行，所有累积乘积都以这一行为基准），第 {layer} 层从 ‖∂L/∂W_{layer}‖ = {grad_w} "
    "中学习。{symbol}(z) 平均为 {fprime_mean}，最大为 {fprime_max}；‖W‖ = {weight_norm}。",
    "passed_to_layer": "‖∂L/∂a_{below}‖ = {value} 传给第 {below} 层（第 {below} 行）",
    "passed_to_input": "‖∂L/∂x‖ = {value} 传给输入 x（不是图中的一行：没有参数从它学习）",
    "row": "第 {row} 行",
    "the_input": "∂L/∂x",
    "backward_factor_bn": "它把 {passed}：局部因子为 {local}（{symbol} 贡献 "
    "{activation_part}，批归一化贡献 {bn_part}，权重贡献 {weight_part}）。",
    "shortcut_identity": "原样",
    "shortcut_projection": "乘以 W_sᵀ 后",
    "branch_zero": "分支传回的恰好为 0，所以梯度全部经由残差连接传回。",
    "backward_passes_zero": "它把 {passed}：恰好为 0。",
    "zero_below": "所以下面的各层都无法从这批数据中学到任何东西。",
    "backward_zero_loss": "第 {layer} 层反向：‖∂L/∂a_{layer}‖ 恰好为 0（第 {layer} "
    "行）：损失本身对这批数据的梯度就是 0，所以没有哪一层能从中学习。",
    "because_dead": "那里的每个单元都已死亡（对每个样本 f'(z) = 0）",
    "because_saturated": "那里的单元饱和到 f'(z) 舍入为 0",
    "because_zero_slope_where": "梯度只到达了 f'(z) = 0 的地方",
    "because_underflow": "乘积下溢到 float64 能表示的最小数以下，尽管没有哪个因子是 0",
    "because_zero_weight": "它遇到的权重都是 0",
    "because_batch_norm": "批归一化的反向传播把它全部去掉了",
    "why_dead": "原因：第 {layer} 层的全部 {units} 个单元都已死亡：对批次中的每个单元和每个样本 "
    "f'(z) 都为 0，所以 ∂L/∂z = ∂L/∂a ⊙ f'(z) 恰好为 0。",
    "why_saturated": "原因：第 {layer} 层的每个单元都饱和到 {symbol}(z) 在 float64 中舍入为 "
    "0，所以 ∂L/∂z 恰好为 0。",
    "why_zero_slope_where": "原因：∂L/∂a_{layer} 中每个不为 0 的分量遇到的单元，在那个样本上 "
    "{symbol}(z) 都为 0（其中 {dead} 的单元在整个批次上都已死亡），所以 ∂L/∂z 恰好为 0。",
    "why_underflow": "原因：发生了下溢。没有哪个因子是 0（{symbol}(z) 最小为 {fprime_min}，‖W‖ = "
    "{weight_norm}），但乘积小于 float64 能表示的最小数（约 5×10⁻³²⁴），被舍入为 0。",
    "why_zero_weight": "原因：W_{layer} 恰好为 0（初始化 {init}），所以 {passed_symbol} = "
    "∂L/∂h·W_{layer}ᵀ 恰好为 0；第 {layer} 层本身仍在学习（‖∂L/∂W_{layer}‖ = {grad_w}）。",
    "why_zero_weight_met": "原因：W_{layer} 中梯度遇到的权重都是 0（整个 ‖W‖ = "
    "{weight_norm}），所以 {passed_symbol} = ∂L/∂h·W_{layer}ᵀ 恰好为 0。",
    "why_batch_norm": "原因：批归一化的反向传播会去掉 ∂L/∂z "
    "中对每个样本都相同的部分，以及沿其归一化输入方向的部分；这里这就是全部，所以 ∂L/∂h 恰好为 "
    "0。",
    "cause_small_slope": "原因：这里 {symbol}(z) 平均只有 {fprime_mean}：只有 {activation_part} "
    "的梯度能通过激活函数。",
    "cause_batch_norm": "原因：批归一化的反向传播在这里把梯度乘以 {bn_part}：它乘以 γ ÷ 批次中 "
    "h（线性层输出）的标准差，并去掉每个样本共有的部分。",
    "cause_residual": "原因：残差连接把 ‖∂L/∂a_{layer}‖ 完整地传回，分支又在上面加上它的 "
    "{branch_part}，所以梯度每经过一个残差层都会变大。",
    "try_clip_on": "可以试试：更小的初始化（xavier_normal 或 kaiming_normal，课程 "
    "init-matters）或批归一化。梯度裁剪已经打开，它限制的是更新，而不是这些梯度。",
    "try_random_init": "可以试试：随机初始化（init.name 设为 kaiming_normal 或 "
    "xavier_normal：按 f，输入 init.name，回车，再回车选好，按 a 应用）：所有权重都为 0 时，没有"
    "梯度能传过去。",
    "w_zero_input": "‖∂L/∂W_{layer}‖ 恰好为 0，因为 ∂L/∂W_{layer} = a_{below}ᵀ·∂L/∂z_{layer}，"
    "而这一层的输入 a_{below} 恰好为 0。",
    "flat_w": "‖∂L/∂W_{layer}‖ = {grad_w} 与 ‖∂L/∂W_{above}‖ = {grad_w_above} "
    "相差无几（{w_ratio}），尽管从第 {above} 行到第 {layer} 行 ‖∂L/∂a‖ 变化了 "
    "{a_ratio}：∂L/∂W_{layer} = a_{below}ᵀ·∂L/∂z_{layer}，而 ‖a_{below}‖ ÷ ‖a_{layer}‖ = "
    "{input_ratio}，正好抵消了它。",
    "next_clip_on": "按空格键进行梯度裁剪（{setting}），再按一次更新。",
    "next_clip_off": "按空格键进入梯度裁剪阶段：这里梯度裁剪是关闭的，所以不会改变任何东西"
    "（要打开它：按 f，输入 grad_norm，回车，输入上限，回车即应用）；再按一次空格键更新。",
    "update_clipped": "这次更新之前，梯度裁剪把每个梯度都乘以 {scale}，每一层都一样。",
    "update_fast": "第 1 层的学习速度比第 {depth} 层快 {ratio}（‖ΔW‖ ÷ ‖W‖）。",
    "update_why_gradient": "原因：‖∂L/∂W₁‖ ÷ ‖∂L/∂W_{depth}‖ = {share}，这是梯度造成的。",
    "update_why_weights": "原因：不是梯度（‖∂L/∂W₁‖ ÷ ‖∂L/∂W_{depth}‖ = "
    "{share}），而是权重：‖W₁‖ ÷ ‖W_{depth}‖ = {weights}。",
    "update_why_adam": "原因：无论梯度大小，Adam 每步的幅度都约等于学习率，所以 ‖ΔW‖ ÷ ‖W‖ "
    "取决于 ‖W‖（‖W₁‖ ÷ ‖W_{depth}‖ = {weights}）。",
    "backward_reference_nonfinite": "输出端的梯度 ‖∂L/∂a_{depth}‖ 为 "
    "{value}，所以无法给出累积乘积。",
    "detail_zero_loss": "这里的 ‖∂L/∂a‖ 恰好为 0：损失本身的梯度就是 0。",
    "detail_row": "第 {layer} 行：‖∂L/∂a‖ {grad_a} · 累积乘积 {running} · ‖∂L/∂W‖ {grad_w}",
    "detail_passes": "传下去 {symbol} {value} · 累积乘积 {running}（{ratio}）",
    "detail_rows_ratio": "第 {row} 行 ÷ 第 {depth} 行",
    "detail_input_ratio": "‖∂L/∂x‖ ÷ 第 {depth} 行",
    "detail_passes_zero": "传下去的恰好为 0：{because}",
    "tt_lstm_more": "LSTM 保留的是 RNN 的 {ratio} 倍",
    "tt_rnn_more": "RNN 保留的是 LSTM 的 {ratio} 倍",
    "tt_same": "两者保留的一样多",
    "theory_chi_equal": "√χ 不适用于{layers}：一层的所有权重都相等（Var W = 0），所以 σ_w² = 0，"
    "无论梯度实际怎样，√χ 都会给出 ×0。平均场因子假设权重很多、是相互独立的随机数且均值为 0，"
    "相等的权重不满足这一点；“实测”一列才是本次传播的实际结果。",
    "theory_chi_mean": "√χ 不适用于{layers}：权重的均值不小于它们的标准差"
    "（|W 的均值| ≥ W 的标准差），而平均场因子假设权重的均值为 0；"
    "“实测”一列才是本次传播的实际结果。",
    "theory_cost_how": "f(z) 与 f'(z) 一起，在 {size} 个数上计算，取 {repeats} 次中最快的一次，"
    "在本机上于打开这个视图时计时（再次打开即重新测量）。",
    "theory_cost_gelu": "gelu 这一行主要是 gradtui 自己的开销：NumPy 没有 erf，gradtui 只能逐个数"
    "地计算它（用 libm 的 erf，结果精确）；有向量化 erf 的库计算 GELU 的开销与其他含指数的行相近。",
    "theory_cost_ratio": "每个元素上，{activation} 的开销是 relu 的 {ratio} 倍。",
    "theory_cost_share": "在这个网络的上一次传播中，{values} 个值经过了激活函数：约占传播 "
    "{pass_ms} ms 中的 {ms} ms（{share}）；其余时间花在矩阵乘法和 gradtui 在每一层收集的统计量上，"
    "它们对任何激活函数都一样，所以各次传播的耗时差别比表中的小。",
    "theory_agrees": "一致：为 √χ 的 ×{ratio}",
    "theory_larger": "是 √χ 的 {ratio} 倍",
    "theory_smaller": "只有 √χ 的 1/{ratio}",
    # ---- 层详情的参数个数、f'(z) 范围、C7 符号；传播耗时；t 之前输入的步数 ----
    "detail_params": "参数 {count} = {parts}",
    "detail_network": "整个网络：参数 {total}，传播 {ms} ms",
    "detail_network_untimed": "整个网络：参数 {total}（按 e 为一次传播计时）",
    "detail_pieces": " = {pieces} 个分段 × {each}",
    "detail_batch_norm": "批归一化",
    "detail_part_bn": "批归一化",
    "detail_shortcut_identity": "恒等捷径",
    "detail_shortcut_projection": "投影捷径",
    "detail_fprime_range": "{symbol}(z) 最小 {min}",
    "detail_signs": "单元 1 ← ∂L/∂W 的符号（样本 0）：{signs}",
    "detail_one_sign": "∂L/∂W 全同号的单元（样本 0）：{units} 个中 {agreeing} 个",
    "detail_more": "↓ 还有 {lines} 行：按 d 查看",
    "detail_whole_back": "d：回到图表和日志",
    "pass_time": "耗时：传播 {ms} ms（这一批数据的前向和反向，不含屏幕绘制）；"
    "要比较不同的激活函数（C8），改变 network.activation 后再按 e。",
    "trained_pass": "这些步中一次传播平均 {ms} ms（一批数据的前向和反向传播，不含屏幕绘制）。",
    "count_pending": "{count} t…：按 t 训练 {count} 步，escape 取消",
    "count_pending_short": "{count} t…：t 训练 {count} 步",
    "count_too_many": "{count} t…：一次最多 {most} 步：按 t 训练 {most} 步，escape 取消",
    "count_too_many_short": "{count} t…：t 训练 {most} 步（最多）",
    "count_zero": "0 步：在 t 之前输入 1 到 {most} 之间的步数，或者只按 t 训练 {default} 步。",
    # The chart's marker of the rows the log speaks of.
    "chart_spoken": "┌└ 日志所说的行",
    # The glossary (G): the words of the chart, the detail and the log, and the claim codes.
    "glossary_title": "术语表：屏幕上的词与代号",
    "glossary_grad_a": "‖∂L/∂a_l‖（图表中的 a 行）：损失随第 l 层输出变化的程度。"
    "它就是反向流动的梯度：它从第 l+1 层到达第 l 层，第 l 层再把 ‖∂L/∂a_(l−1)‖ 传给第 l−1 层。",
    "glossary_grad_w": "‖∂L/∂W_l‖（W 行）：损失随第 l 层权重变化的程度，"
    "也就是这一层用来学习的梯度：每次更新让 W_l 移动学习率乘以 "
    "∂L/∂W_l = a_(l−1)ᵀ·∂L/∂z_l，所以它也随这一层的输入变大变小。",
    "glossary_local": "第 l 层的局部因子：‖∂L/∂a_(l−1)‖ ÷ ‖∂L/∂a_l‖（第 l−1 行与第 l 行）："
    "第 l 层把传回的梯度缩小（小于 1）或放大（大于 1）多少。"
    "层详情把它分成斜率部分（f'(z)）和权重部分（W）。斜率部分是 ‖∂L/∂z_l‖ ÷ ‖∂L/∂a_l‖：f'(z) 的"
    "均方根，每个单元和样本按它收到的梯度的平方加权，所以不是详情后面那一行的 f'(z) 均值"
    "（ReLU：×0.75，而均值是 0.52）。",
    "glossary_running": "第 l 行的累积乘积：‖∂L/∂a_l‖ ÷ ‖∂L/∂a_L‖，输出端的梯度到第 l "
    "行还剩多少，即第 L 层到第 l+1 层各局部因子的乘积。",
    "glossary_regimes": "状态，与输出端同类梯度（第 L 行）相比，因为链式法则乘的正是它："
    "低于它的 {vanishing} 为 ▽ 消失，高于它的 {exploding} 为 ▲ 爆炸，介于两者之间为 ● 正常，"
    "inf 或 NaN 为 ✖ 溢出。所以 ● 表示这一行保持了输出端的大小，并不表示数值小：第 L 行总是 ●，"
    "与第 L 行一样大的行即使达到 10⁸ 也是 ●。W 行（‖∂L/∂W‖，乘以学习率就是一次更新移动权重的量）"
    "本身超过 {huge} 时也为 ▲：学习率 0.01 时，一步 SGD 就会让权重移动超过 1。",
    "glossary_marks": "图表中：┌└ 标出日志最新一条所说的行，▶ 是选中的层（↑/↓），◆ 是正在计算的层，"
    "░ 是本次传播还没到达之处的上一次传播。",
    "glossary_claims": "论断 C1–C24：原始文章的论点，每个都有课程展示"
    "（L 可按论断搜索课程，如 C17）：",
    "glossary_keys": "↑/↓ 滚动 · escape 返回",
    "glossary_a_vs_w": "‖∂L/∂a‖ 与 ‖∂L/∂W‖ 的区别：前者是到达一层的梯度，后者是这一层"
    "据此学习的梯度（∂L/∂a_l 乘以斜率 f'(z_l)，再乘以这一层的输入 a_(l−1)）。两者可能不一致："
    "输入大或小会让 W 条比 a 条长或短，所以整齐的 W 条可能掩盖正在消失的 a 条；"
    "按 g 显示 a、W 或两者。",
    # The lesson panel's mark where it is cut, and the whole lesson (i).
    "lesson_more": "… i：查看整课",
    "lesson_answer_first": "先回答问题。",
    "lesson_done": "根据你看到的回答它；按 L 打开另一课。",
    "lesson_steps": "步骤",
    "lesson_step_after": "（做完第 {step} 步后显示：它可能透露那一步问题的答案）",
    "lesson_look_at": "观察",
    "lesson_question": "问题",
    "lesson_keys": "↑/↓ 滚动 · escape 回到课程",
    "claim_C1": "反向传播时梯度逐层变小：靠近输入的层几乎学不到东西",
    "claim_C2": "σ'(z) 最大为 0.25，许多这样的因子相乘会趋于 0",
    "claim_C3": "sigmoid 配 N(0, 1) 权重：链式法则的乘积随深度衰减",
    "claim_C4": "大权重导致爆炸：权重全为 5 时，十层放大 5¹⁰ 倍",
    "claim_C5": "sigmoid 很少爆炸：|w·σ'| ≥ 1 的窗口最宽约 0.45",
    "claim_C6": "tanh 以零为中心，但仍会饱和，梯度仍会消失",
    "claim_C7": "sigmoid 的输出全为正：同一神经元的权重梯度同号",
    "claim_C8": "sigmoid 和 tanh 需要指数运算，ReLU 不需要",
    "claim_C9": "ReLU 在 z > 0 时不消失，但单元可能永久死亡",
    "claim_C10": "Leaky ReLU 在 0 以下有小斜率：没有单元死亡",
    "claim_C11": "PReLU 通过反向传播学习它的斜率 α",
    "claim_C12": "RReLU：训练时斜率随机，评估时固定",
    "claim_C13": "ELU：平均输出更接近 0，没有死亡单元",
    "claim_C14": "Maxout：取 k 个线性分段的最大值，参数量为 k 倍",
    "claim_C15": "批归一化重新缩放每层的输出，使梯度保持稳定",
    "claim_C16": "残差连接为梯度提供一条直通的路径",
    "claim_C17": "沿时间反向传播：LSTM 保住了 RNN 丢失的梯度",
    "claim_C18": "梯度裁剪能抑制梯度爆炸",
    "claim_C19": "初始化决定成败：tanh/sigmoid 用 Xavier，ReLU 用 He",
    "claim_C20": "学习率过高：训练不稳定，单元死亡",
    "claim_C21": "奇异值分布过宽会使梯度消失",
    "claim_C22": "前面的层比后面的层学得慢",
    "claim_C23": "典型的多层感知机：784 → 256 → 128 → 10",
    "claim_C24": "不要在同一个网络中混用不同的激活函数",
    "exercise_measured": "{measure} = {value}，需要 {op} {target}",
    "exercise_field": "{field} = {value}，需要 {op} {target}",
    "exercise_not_measured": "无法测量：{problem}",
    "exercise_locked_changed": "{field} 在本练习中锁定为 {start}，但这里是 {value}",
    "exercise_met": "练习 {id}：目标已达成，这个网络满足全部 {count} 个条件"
    "（按 gradtui run --check 的测法：从种子 {seed} 新建的网络）。",
    "exercise_not_met": "练习 {id}：目标尚未达成，这个网络满足 {count} 个条件中的 {passed} 个"
    "（按 gradtui run --check 的测法：从种子 {seed} 新建的网络）。",
    "exercise_try": "试试：{hint}",
    "exercise_next": "按 X 打开另一个练习，按 L 打开一课。",
    "exercise_opened": "练习 {id}：{summary}你可以修改 {fields}（按 f 查找字段，回车编辑），"
    "其余字段都已锁定。应用后（输入的字段按回车，选择的字段按 a）就会对照目标进行测量。",
    "exercise_refused": "{field} 在本练习中已锁定（保持为 {start}）；你可以修改 {fields}。"
    "没有应用任何更改。",
    "exercise_lock_reason": "这个字段被练习 {id} 锁定；你可以修改 {fields}。",
    "exercise_label": "练习：",
    "exercise_goal": "目标：",
    "exercise_state_met": "✓ 已达成",
    "exercise_state_not_met": "✗ 未达成：{count} 个中满足 {passed} 个",
    "exercise_may_change": "可以修改：{fields}",
    "transcript_exercises": "已完成的练习",
    "exercise_checked": "{name} 对照目标：{goal}",
    "exercise_start": "练习自带的网络",
    "exercise_after": "{run} 后的 {measure}",
    "exercise_measuring": "正在对照目标测量所应用的网络…",
    "exercise_solution": "解答：{solution}",
    "transcript_log": "讲解日志",
    "exercise_more": "… 日志最新一条列出了全部数字",
    "exercise_closed": "练习 {id} 已关闭：这个网络不再对照它的目标评判。",
    "exercises_usage": "打开练习：gradtui --exercise ID    （评判一个配置：gradtui run "
    "--exercise ID CONFIG --check；退出码 0 达成，1 未达成，2 文件有误）",
}

# A learner's predictions (gradtui.explain.predict_words), in keys of their own.
if set(PREDICT_EN) & set(EN):
    raise KeyError(f"predict_words shadows {sorted(set(PREDICT_EN) & set(EN))}")
EN.update(PREDICT_EN)
ZH.update(PREDICT_ZH)

CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}
"""Each language's sentences."""

UI_ZH: dict[str, str] = {
    # Keys of the main screen: name in the footer, then what the key does.
    "Step": "单步",
    "Step forward one stage": "前进一个阶段",
    "Help": "帮助",
    "Show every key": "列出所有按键",
    "Quit": "退出",
    "Quit (ctrl+q too)": "退出（ctrl+q 也可以）",
    "Back": "后退",
    "Step back one stage": "后退一个阶段",
    "End": "到底",
    "Run to the end of this pass (backward to layer 1)": "执行到本次传播结束（反向传到第 1 层）",
    "Run": "运行",
    "Step continuously, or pause": "连续单步，或暂停",
    "Faster": "加快",
    "Run faster": "运行得更快",
    "Slower": "减慢",
    "Run slower": "运行得更慢",
    "Reset": "重置",
    "Reset: a fresh network from the config (same seed)": "重置：按配置重新建一个网络（相同种子）",
    "∂a/∂W": "∂a/∂W",
    "Chart ‖∂L/∂W‖, then both, then ‖∂L/∂a‖": "图中先显示 ‖∂L/∂W‖，再显示两者，再显示 ‖∂L/∂a‖",
    "Next layer": "下一层",
    "Select the next layer (towards the output)": "选中下一层（朝输出方向）",
    "Prev layer": "上一层",
    "Select the previous layer (towards the input)": "选中上一层（朝输入方向）",
    "Scroll": "滚动",
    "Whole detail (d): scroll a line down or up (j/k still choose the layer)": (
        "完整详情（d）：向下或向上滚动一行（j/k 仍然选层）"
    ),
    "Whole detail (d): scroll a page down or up": "完整详情（d）：向下或向上滚动一页",
    "Whole detail (d): scroll to its end or its top": "完整详情（d）：滚动到末尾或开头",
    "Apply": "应用",
    "Apply the configuration (enter in a field does too)": "应用配置（在字段中按回车也可以）",
    "Lessons": "课程",
    "Choose a lesson (search by name or claim)": "选择课程（按名称或论断搜索）",
    "History": "历史",
    "History: gradients, loss, update size, dead units over training": (
        "训练历史：梯度、损失、更新幅度、死亡单元"
    ),
    "Compare": "对比",
    "Compare the applied network with the edited form (or the lesson's variant)": (
        "把已应用的网络与表单中改过的网络（或课程的变体）对比"
    ),
    "Time": "时间",
    "Through time (C17): an RNN's gradient against an LSTM's, step by step": (
        "沿时间反向传播（C17）：逐步对比 RNN 与 LSTM 的梯度"
    ),
    "Theory": "理论",
    "Theory: activation and derivative, χ against measured, C5 window, C21": (
        "理论：激活函数与导数、χ 与实测对比、C5 窗口、C21"
    ),
    "中文/English": "中文/English",
    "Explanations in Chinese or English": "用中文或英文解释",
    "SVG": "SVG",
    "Save the screen as an SVG picture (for a slide)": "把屏幕保存为 SVG 图片（用于幻灯片）",
    "Transcript": "讲义",
    "Save the explanation log as a Markdown transcript": "把解释日志保存为 Markdown 讲义",
    "Config": "配置",
    "Show or hide the configuration pane": "显示或隐藏配置面板",
    "Open": "打开",
    "Open a config file (TOML)": "打开配置文件（TOML）",
    "Save": "保存",
    "Save the config (TOML)": "保存配置（TOML）",
    # Share codes (S) and the course (n, the lesson picker).
    "Share": "分享",
    "Share code: this network as a short code (gradtui --code), or open one": (
        "分享码：这个网络的短码（gradtui --code），或打开一个"
    ),
    "Next lesson": "下一课",
    "Once a lesson's steps are done: open the course's next lesson": (
        "一课的步骤都完成后：打开课程的下一课"
    ),
    "Close": "关闭",
    "Close the share code": "关闭分享码",
    "Share code of the applied network": "已应用网络的分享码",
    "{count} characters: {holds}": "{count} 个字符：{holds}",
    "Open it with gradtui --code {code}, or in the app: S, then type it below.": (
        "这样打开：gradtui --code {code}；或在程序里按 S，再在下面输入。"
    ),
    "Open a code (case and hyphens do not matter):": (
        "打开一个分享码（不分大小写，连字符可有可无）："
    ),
    "enter opens the code · escape closes": "回车打开分享码 · escape 关闭",
    "lesson {lesson}": "课程 {lesson}",
    "exercise {exercise}": "练习 {exercise}",
    "the default config": "默认配置",
    "{holds}, changed: {edits}": "{holds}，改动：{edits}",
    "{source} is not a shipped lesson: the code holds its network, not its texts.": (
        "{source} 不是自带课程：分享码只含它的网络，不含它的文字。"
    ),
    "Opened the code {code}": "已打开分享码 {code}",
    "a network from a share code": "来自分享码的网络",
    "n: next lesson, {number}/{count} ({minutes} min)": (
        "按 n：下一课，{number}/{count}（{minutes} 分钟）"
    ),
    "Course done: {count} lessons, {minutes} minutes. L picks any lesson.": (
        "课程完成：{count} 课，{minutes} 分钟。按 L 可选任意一课。"
    ),
    "Course done ({count} lessons, {minutes} min)": "课程完成（{count} 课，{minutes} 分钟）",
    "The course's last lesson ({count}/{count}) is done; {missing} of its lessons were not "
    "taken in this session: L lists the course.": (
        "课程的最后一课（{count}/{count}）已完成；本次会话中还有 {missing} 课没有学："
        "按 L 查看课程。"
    ),
    "{count}/{count} done; L lists the course": "第 {count}/{count} 课完成；L：课程列表",
    "n opens the next lesson of the course, and this network is not one of its "
    "lessons: L lists the course first.": (
        "n 打开课程的下一课，而这个网络不是课程中的一课：按 L，课程列在最前面。"
    ),
    "n opens the next lesson once this one's steps are done (now step "
    "{now} of {total}); L picks any lesson.": (
        "这一课的步骤都完成后，n 才打开下一课（现在是第 {now} 步，共 {total} 步）；"
        "按 L 可选任意一课。"
    ),
    "First the course: {count} lessons for a {minutes}-minute class, in order; then the others.": (
        "最前面是课程：一堂 {minutes} 分钟的课，共 {count} 课，按顺序；然后是其他课程。"
    ),
    "{minutes} min": "{minutes} 分钟",
    "Copy log": "复制日志",
    "Copy the explanation log to the clipboard": "把解释日志复制到剪贴板",
    "Theme": "主题",
    "Switch to the next colour theme": "切换到下一个配色主题",
    "Quit the app and return to the command prompt.": "退出程序，回到命令行。",
    "palette": "命令面板",
    "Open the command palette": "打开命令面板",
    # Keys of the views and dialogs.
    "Return": "返回",
    "Back to the main screen": "回到主界面",
    "Step both": "一起单步",
    "Step both one stage": "两个网络各前进一个阶段",
    "End pass": "传播到底",
    "Both to the end of this pass": "两个网络都执行到本次传播结束",
    "Train 100": "训练 100 步",
    "Train both 100 steps": "两个网络各训练 100 步",
    "Reset both (same seed)": "两个网络都重置（相同种子）",
    "Close help": "关闭帮助",
    "Train 100 steps and watch (p stops)": "训练 100 步并观察（按 p 停止）",
    "Stop": "停止",
    "Stop training": "停止训练",
    "Cancel": "取消",
    "Next": "下一个",
    "Previous": "上一个",
    "Previous layer": "上一层",
    "One time step further back": "再往前退一个时间步",
    "All": "全部",
    "Go back to the first time step": "一直退到第一个时间步",
    "Restart": "重新开始",
    "Start again from the last time step": "从最后一个时间步重新开始",
    "Longer": "加长",
    "A longer sequence (T)": "更长的序列（T）",
    "Shorter": "缩短",
    "A shorter sequence (T)": "更短的序列（T）",
    "Close the list": "关闭列表",
    "Choose": "选择",
    # The main screen, prompts and notices.
    # In a text field a is typed, so the header names enter only (a applies from a list).
    "Network configuration: edit a field, then press enter to apply it": (
        "网络配置：修改字段后按回车应用"
    ),
    "More settings ({count})": "更多设置（{count}）",
    "(locked)": "（已锁定）",
    "↳ not applied: ⏎ applies": "↳ 未应用：按 ⏎ 应用",
    "↳ not applied: a applies": "↳ 未应用：按 a 应用",
    "This field is locked.": "这个字段已锁定。",
    "Field": "字段",
    "Go to a config field: type part of its name (grad), enter edits it": (
        "跳到一个配置字段：输入它名字的一部分（如 grad），按回车编辑"
    ),
    "Go to a field: type part of its name or of its help": ("跳到字段：输入它的名字或说明的一部分"),
    "a field's name, for example grad": "字段名，例如 grad",
    "↑/↓ choose · tab completes · enter edits · escape cancels": (
        "↑/↓ 选择 · tab 补全 · 回车编辑 · escape 取消"
    ),
    "No field matches; escape cancels": "没有匹配的字段；按 escape 取消",
    "gradtui keys": "gradtui 按键",
    "Keys work in every pane; while you type in a field, letters go to the field: press "
    "escape (or tab away) to leave it. ctrl+p opens the command palette. Press escape to "
    "close this help.": (
        "按键在每个面板里都有效；在字段中输入时，字母会输入到字段里：按 escape（或 tab 移开）"
        "离开字段。ctrl+p 打开命令面板。按 escape 关闭本帮助。"
    ),
    "Open a config (TOML):": "打开配置（TOML）：",
    "Save the applied config as (TOML):": "把已应用的配置另存为（TOML）：",
    "Save the screen as SVG:": "把屏幕保存为 SVG：",
    "Save the log as a Markdown transcript:": "把日志保存为 Markdown 讲义：",
    "enter to confirm, escape to cancel": "按回车确认，按 Esc 取消",
    "The explanation log is on the clipboard.": "解释日志已复制到剪贴板。",
    "Applied the new configuration": "已应用新的配置",
    "Training is running; press p to stop it first.": "正在训练；请先按 p 停止。",
    "Theme: {theme}": "主题：{theme}",
    "Edit a field in the config pane (c) without applying it, then press C to compare the "
    "edited network with the applied one.": (
        "先在配置面板（c）里修改一个字段但不要应用，再按 C 把修改后的网络与已应用的网络对比。"
    ),
    "The current network keeps running; fix the field and apply again.": (
        "当前网络继续运行；请改正该字段后再应用。"
    ),
    "The current network keeps running.": "当前网络继续运行。",
    "Opened {path}": "已打开 {path}",
    "Saved the applied config to {path}.": "已把应用的配置保存到 {path}。",
    "Fix the field to compare.": "请改正该字段后再对比。",
    "Saved the screen as {path}.": "已把屏幕保存为 {path}。",
    "A: as applied": "A：已应用",
    "variant {name}: ": "变体 {name}：",
    "Lessons: type to search (id, title, claim such as C17), enter opens": (
        "课程：输入以搜索（编号、标题或论断，如 C17），回车打开"
    ),
    "search, or a path/to/lesson.toml": "搜索，或输入 path/to/lesson.toml",
    "↑/↓ choose · enter open · escape cancel": "↑/↓ 选择 · 回车打开 · escape 取消",
    # The lesson dialog, the glossary, the default lesson and the network's name.
    "Default": "默认课程",
    "Back to the default lesson (what a fresh start opens)": "回到默认课程（全新启动时打开的课程）",
    "Lesson": "整课",
    "Read the whole lesson: every step, what to look at, its question": (
        "阅读整课：每个步骤、要观察什么、它回答的问题"
    ),
    "Glossary": "术语表",
    "Glossary: ∂L/∂a and ∂L/∂W, local factor, running product, regimes, C1–C24": (
        "术语表：∂L/∂a 与 ∂L/∂W、局部因子、累积乘积、状态、C1–C24"
    ),
    "No lesson is open: L picks one, D opens the default.": (
        "当前没有打开课程：按 L 选择一课，按 D 打开默认课程。"
    ),
    "  (default: what a fresh start opens)": "  （默认：全新启动时打开）",
    "your network (edited from {name})": "你的网络（由{name}修改而来）",
    "your last applied network": "你上次应用的网络",
    # Textual's own commands in the command palette, and its search fields.
    "Change the current theme": "更换当前主题",
    "Quit the application as soon as possible": "立即退出程序",
    "Keys": "按键",
    "Show help for the focused widget and a summary of available keys": (
        "显示当前控件的帮助和可用按键一览"
    ),
    "Hide the keys and widget help panel": "隐藏按键与控件帮助面板",
    "Minimize": "还原",
    "Minimize the widget and restore to normal size": "把控件还原为正常大小",
    "Maximize": "最大化",
    "Maximize the focused widget": "最大化当前控件",
    "Screenshot": "截图",
    "Save an SVG 'screenshot' of the current screen": "把当前屏幕保存为 SVG 截图",
    "Search for commands…": "搜索命令…",
    "Search for themes…": "搜索主题…",
    # The theory view's activation plot: its maximum, marked.
    "max {symbol}(z) = {value}": "{symbol}(z) 的最大值 = {value}",
    "{maximum} at z = {z}": "{maximum}，在 z = {z} 处",
    # The views.
    " · loss {loss} · step {step}": " · 损失 {loss} · 第 {step} 步",
    "loss (log10) over training": "训练过程中的损失（log10）",
    "Training both {steps} steps…": "两个网络各训练 {steps} 步…",
    "History · ‖∂L/∂W_l‖ by layer (rows) over training (columns)": (
        "训练历史 · 各层（行）在训练中（列）的 ‖∂L/∂W_l‖"
    ),
    "   {recorded} steps recorded, {rows} rows kept · escape back": (
        "   已记录 {recorded} 步，保留 {rows} 行 · escape 返回"
    ),
    "loss (log10)": "损失（log10）",
    "loss": "损失",
    "layer {layer}": "第 {layer} 层",
    "dead": "死亡",
    "saturated": "饱和",
    "training step": "训练步",
    "window width": "窗口宽度",
    "widest: {width} at |w| = {weight}": "最宽：|w| = {weight} 时为 {width}",
    "update ‖ΔW‖ ÷ ‖W‖ (log10): layer 1 learns slower than layer L (C22)": (
        "更新 ‖ΔW‖ ÷ ‖W‖（log10）：第 1 层学得比第 L 层慢（C22）"
    ),
    "dead and saturated share of the hidden units (mean over layers)": (
        "隐藏单元中死亡与饱和的比例（各层平均）"
    ),
    "PReLU's α per layer (C11)": "各层 PReLU 的 α（C11）",
    "Theory · layer {layer} of {depth} · {activation}": (
        "理论 · 第 {layer} 层（共 {depth} 层）· {activation}"
    ),
    "↑/↓ layer · escape back": "↑/↓ 换层 · escape 返回",
    "Predicted against measured: the mean-field factor √χ": "预测与实测：平均场因子 √χ",
    "C5: the sigmoid window": "C5：sigmoid 的窗口",
    "n/a, see below": "不适用（见下）",
    "C8: the bare cost of each activation": "C8：每种激活函数本身的开销",
    "C8 costs": "C8 开销",
    "C5 window": "C5 窗口",
    "Scroll to C8, each activation's bare cost": "滚动到 C8：每种激活函数本身的开销",
    "Scroll to C5, the sigmoid window": "滚动到 C5：sigmoid 的窗口",
    "exponential": "指数",
    "ns per element": "每个元素 ns",
    "× relu": "× relu",
    "◀ this network": "◀ 本网络",
    "yes": "是",
    "no": "否",
    "layer {layers}": "第 {layers} 层",
    "Rows {rows}": "第 {rows} 行",
    "Row {rows}": "第 {rows} 行",
    "layers {layers}": "第 {layers} 层",
    "C21: singular values of W_l and of the Jacobian ∂a_l/∂a_(l−1)": (
        "C21：W_l 与雅可比矩阵 ∂a_l/∂a_(l−1) 的奇异值"
    ),
    "z of this batch on [−6, 6]: ": "本批次的 z 在 [−6, 6] 上的分布：",
    "small": "一个很小的值",
    "layer": "层",
    "activation": "激活函数",
    "√χ predicted": "√χ 预测",
    "measured": "实测",
    "step forward first": "先执行前向传播",
    "spread": "宽度",
    "step forward": "先前向",
    "all: ∂a_L/∂x": "整体：∂a_L/∂x",
    "Through time (C17): a memory task over T = {steps} steps": (
        "沿时间反向传播（C17）：T = {steps} 步的记忆任务"
    ),
    " · now at step {step} · space one step back, e all, +/− T, escape back": (
        " · 当前在第 {step} 步 · 空格后退一步，e 全部，+/− 改 T，escape 返回"
    ),
    # Keys and marks of the layer detail and of the count typed before t.
    "Train 100 steps, or type a count first to train that many (200t trains 200); "
    "p stops": "训练 100 步，或先输入步数再按 t 训练那么多步（200t 训练 200 步）；按 p 停止",
    "Detail": "层详情",
    "Log ↓": "日志 ↓",
    "Log ↑": "日志 ↑",
    "Page the explanation log down, wherever the focus is": "把解释日志向下翻一页，焦点在哪里都行",
    "Page the explanation log up, to earlier entries": "把解释日志向上翻一页，看更早的条目",
    "Show the whole layer detail across the screen, or the chart and the log again": (
        "在整个屏幕上显示完整的层详情，或者恢复显示图表和日志"
    ),
    "Cancel count": "取消步数",
    "Forget the count typed before t": "忘掉在 t 之前输入的步数",
    # Short footer labels (the tooltip says the rest), and escape in the config form.
    "Train": "训练",
    "Leave form": "离开表单",
    "Leave the config form (then keys step again)": "离开配置表单（之后按键重新用于单步）",
    # The explanation log: where the rest is while scrolled, and the entries it dropped.
    "↑ {count} earlier · {back}": "↑ 上面还有 {count} 条 · {back}",
    "↑ more above: {keys}": "↑ 上面还有：按 {keys}",
    "↑ scrolled back · {back}": "↑ 已向上翻 · {back}",
    "End: newest": "End：最新",
    "{keys}: later": "{keys}：往后翻",
    "↓ {count} more lines: {keys}": "↓ 下面还有 {count} 行：按 {keys}",
    "↓ {count} later · {back}": "↓ 下面还有 {count} 条 · {back}",
    "{older} older entries are not kept here; w saves the whole session.": (
        "这里不再保留较早的 {older} 条；按 w 保存整个会话的讲义。"
    ),
    "{older} older entries are not kept here; w saves a transcript with the newest "
    "{kept} (the first {dropped} are gone).": (
        "这里不再保留较早的 {older} 条；按 w 保存含最新 {kept} 条的讲义"
        "（最早的 {dropped} 条已不在）。"
    ),
    "(The first {dropped} entries of this session are not kept; these are the newest "
    "{kept}.)": "（本次会话最早的 {dropped} 条未保留；以下是最新的 {kept} 条。）",
    # Training's progress on the status line.
    "training {done}/{total} · p stops": "训练中 {done}/{total} · 按 p 停止",
    # Serve mode: the paste dialog and what the browser is told.
    "Open a config: paste its TOML text here (files of the server stay shut)": (
        "打开配置：把它的 TOML 文本粘贴到这里（不会读取服务器上的文件）"
    ),
    "Shipped lessons…": "自带课程…",
    "ctrl+o opens what is pasted · escape cancels": "ctrl+o 打开粘贴的内容 · escape 取消",
    "Open the pasted config": "打开粘贴的配置",
    "Opened the pasted config": "已打开粘贴的配置",
    "pasted config": "粘贴的配置",
    "Sent {name} to your browser (see its downloads).": (
        "已把 {name} 发送到你的浏览器（见浏览器的下载）。"
    ),
    "In the browser, lessons open from the shipped list only: press L.": (
        "在浏览器中只能打开自带列表里的课程：请按 L 选择。"
    ),
    # Exercises: the key, the picker, a locked field of the form.
    "Exercises": "练习",
    "Choose an exercise: a goal to reach by changing a few fields": (
        "选择一个练习：只改几个字段去达成一个目标"
    ),
    "In the browser, exercises open from the shipped list only: press X.": (
        "在浏览器中只能打开自带列表里的练习：请按 X 选择。"
    ),
    "Exercises: type to search (id, title, claim such as C19), enter opens": (
        "练习：输入以搜索（id、标题、论断如 C19），回车打开"
    ),
    "search, or a path/to/exercise.toml": "搜索，或输入 path/to/exercise.toml 路径",
}

UI: dict[str, dict[str, str]] = {"zh": UI_ZH}
"""The screen's labels (keys, headings, table columns, prompts) by their English text, as
gettext does; English needs no table. A test checks that every label has its Chinese."""

# ---- gradtui watch: a real PyTorch run's gradients in words (gradtui/watch/) ----
EN.update(
    {
        "watch_waiting": "Waiting for the first step: the training script writes one at each "
        "w.step(loss).",
        "watch_step": "Step {step}: loss {loss}{merged}.",
        "watch_merged": " (the mean of {count} merged steps)",
        "watch_more": " and {count} more",
        "watch_nan_forward": "inf or NaN first appeared in the forward pass, in the output of "
        "{name}.",
        "watch_nan_backward": "inf or NaN first appeared in the backward pass, in the gradient "
        "of {name}.",
        "watch_nan_loss": "The loss became inf or NaN while every module's output was finite.",
        "watch_try_nan": "Try: a smaller learning rate, gradient clipping "
        "(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0) before optimizer.step()), "
        "or a smaller initial scale.",
        "watch_overflow": "inf or NaN in: {names}.",
        "watch_vanishing": "Vanishing: ‖∂L/∂θ‖ of modules {names} is below {below} of the output "
        "layer's ({output}); {weakest} gets {share} of it, so it barely learns.",
        "watch_exploding": "Exploding: ‖∂L/∂θ‖ of modules {names} is above {above} the output "
        "layer's ({output}): one step overshoots.",
        "watch_try_exploding": "Try: a smaller learning rate, gradient clipping "
        "(clip_grad_norm_), or a smaller initial scale of the weights.",
        "watch_healthy": "Every module's ‖∂L/∂θ‖ is between {below} and {above} the output "
        "layer's ({output}): no vanishing or exploding gradient.",
        "watch_stalled": "But every gradient is tiny, the output layer's too: no module's last "
        "update moved its weights by more than {largest} of their size (below {below}), so "
        "the network has all but stopped learning. If the loss is still high, the early "
        "modules learned too little before the output layer settled: look at the first "
        "steps' rows, and try the fixes for a vanishing gradient.",
        "watch_dead": "{share} of the units after {name} are dead (output 0 for every example of "
        "the batch), so no gradient passes them ({count} ReLU modules with dead units). Try: a "
        "smaller learning rate, LeakyReLU, or He (kaiming) initialisation.",
        "watch_cause_sigmoid": "Why: the model has {count} sigmoid modules; σ' is at most 0.25, "
        "so each multiplies the gradient by at most 0.25 on its way back.",
        "watch_cause_tanh": "Why: the model has {count} tanh modules, whose slope is below 1 "
        "and near 0 where they saturate.",
        "watch_saturated": "In the most saturated of them, {share} of the outputs are "
        "saturated (f' below a tenth of its largest).",
        "watch_try_relu": "Try: ReLU or GELU instead, with He (kaiming) initialisation.",
        "watch_try_norm": "The model has no normalisation layer: try BatchNorm or LayerNorm "
        "between the layers.",
        "watch_ended": "The run has ended: these are its last numbers.",
        "watch_try_shortcut": "Where a block has no shortcut, a residual connection "
        "(x + f(x)) gives the gradient a direct path around it.",
    }
)
ZH.update(
    {
        "watch_waiting": "等待第一步：训练脚本每调用一次 w.step(loss) 就写入一步。",
        "watch_step": "第 {step} 步：损失 {loss}{merged}。",
        "watch_merged": "（{count} 个合并步骤的平均）",
        "watch_more": " 等另外 {count} 个",
        "watch_nan_forward": "inf 或 NaN 最早出现在前向传播中，{name} 的输出里。",
        "watch_nan_backward": "inf 或 NaN 最早出现在反向传播中，{name} 的梯度里。",
        "watch_nan_loss": "每个模块的输出都是有限值，但损失变成了 inf 或 NaN。",
        "watch_try_nan": "试试：更小的学习率、梯度裁剪（在 optimizer.step() 之前调用 "
        "torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)），或更小的初始化尺度。",
        "watch_overflow": "出现 inf 或 NaN 的模块：{names}。",
        "watch_vanishing": "梯度消失：模块 {names} 的 ‖∂L/∂θ‖ 低于输出层（{output}）的 {below}；"
        "{weakest} 只得到它的 {share}，几乎学不到东西。",
        "watch_exploding": "梯度爆炸：模块 {names} 的 ‖∂L/∂θ‖ 超过输出层（{output}）的 {above}："
        "一步就会走过头。",
        "watch_try_exploding": "试试：更小的学习率、梯度裁剪（clip_grad_norm_），"
        "或更小的权重初始化尺度。",
        "watch_healthy": "每个模块的 ‖∂L/∂θ‖ 都在输出层（{output}）的 {below} 到 {above} 之间："
        "没有梯度消失或爆炸。",
        "watch_stalled": "但每个梯度都很小，输出层的也一样：没有哪个模块上一次更新让权重变化超过"
        "其大小的 {largest}（低于 {below}），网络几乎已停止学习。如果损失仍然很高，说明在输出层"
        "稳定下来之前，前面的模块学到的太少：看看最初几步的各行，并试试针对梯度消失的办法。",
        "watch_dead": "{name} 之后 {share} 的单元已死亡（对批次中每个样本输出都为 0），"
        "梯度无法通过它们（共有 {count} 个 ReLU 模块含死亡单元）。试试：更小的学习率、"
        "LeakyReLU，或 He（kaiming）初始化。",
        "watch_cause_sigmoid": "原因：模型有 {count} 个 sigmoid 模块；σ' 最大只有 0.25，"
        "所以每个模块在反向传播时至多把梯度乘以 0.25。",
        "watch_cause_tanh": "原因：模型有 {count} 个 tanh 模块，斜率小于 1，饱和处接近 0。",
        "watch_saturated": "其中饱和最多的模块有 {share} 的输出已饱和"
        "（f' 低于其最大值的十分之一）。",
        "watch_try_relu": "试试：改用 ReLU 或 GELU，并配合 He（kaiming）初始化。",
        "watch_try_norm": "模型没有归一化层：试试在层与层之间加入 BatchNorm 或 LayerNorm。",
        "watch_ended": "训练已结束：这些是它最后的数字。",
        "watch_try_shortcut": "如果某个模块没有捷径连接，残差连接（x + f(x)）能让梯度直接绕过它。",
    }
)
UI_ZH.update(
    {
        "waiting for {path} to be created": "等待 {path} 被创建",
        "waiting for the run to start": "等待训练开始",
        "step {step} · loss {loss}": "第 {step} 步 · 损失 {loss}",
        "ended": "已结束",
        "live": "实时",
        "no new step for {seconds} s": "已有 {seconds} 秒没有新步骤",
        "‖∂L/∂θ‖ {grad} · ‖θ‖ {weight} · update ‖Δθ‖÷‖θ‖ {update}": (
            "‖∂L/∂θ‖ {grad} · ‖θ‖ {weight} · 更新 ‖Δθ‖÷‖θ‖ {update}"
        ),
        "‖∂L/∂a‖ {grad}": "‖∂L/∂a‖ {grad}",
        "dead {share}": "死亡 {share}",
        "saturated {share}": "饱和 {share}",
        "History · ‖∂L/∂θ‖ of each module over the steps": "历史 · 每个模块的 ‖∂L/∂θ‖ 随步数的变化",
        "Next row": "下一行",
        "Select the next module": "选择下一个模块",
        "Previous row": "上一行",
        "Select the previous module": "选择上一个模块",
        "Heatmap": "热图",
        "none yet": "暂无",
        "Show or hide the history heatmap": "显示或隐藏历史热图",
    }
)
