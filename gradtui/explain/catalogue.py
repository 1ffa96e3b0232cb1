"""Every sentence gradtui says, by key, per language. Fields in braces are filled with numbers
already formatted for people (``gradtui.explain.format``).

One key, one sentence (or a clause that ``explain`` joins). A language must have every key
the English catalogue has, with the same fields: a test compares them.
"""

from __future__ import annotations

EN: dict[str, str] = {
    # The start and the stages that are not layers.
    "start": "{title}: {depth} layers, nothing computed yet.",
    "start_next": "Press space to step through the forward pass, one layer at a time; "
    "? lists every key.",
    "ready": "Batch {batch} loaded ({examples} examples). Press space to run layer 1 forward.",
    "loss": "Loss ({loss_name}) = {loss}. The backward pass starts at the output: press "
    "space to send the gradient back through layer {depth}.",
    "loss_nonfinite": "The loss is {loss}: the numbers overflowed before it ({where}). "
    "Nothing useful can flow back; press R to reset, then lower the init scale or the "
    "learning rate.",
    # Forward, one layer.
    "forward": "Layer {layer} forward ({activation}): z has mean {z_mean} and spread "
    "{z_std}; {symbol}(z) averages {fprime_mean}, at most {fprime_max}.",
    "forward_saturated": "{fraction} of its units are saturated ({symbol} below a tenth of "
    "its peak): on the way back they will let almost no gradient through.",
    "forward_dead": "{fraction} of its units are dead (zero for every example): they will "
    "pass no gradient back.",
    "forward_nonfinite": "Overflow: z or a holds inf or NaN at layer {layer}; the weights "
    "have grown past what float64 holds. Press R to reset and lower the init scale or "
    "the learning rate.",
    "forward_done": "The forward pass is done; press space for the loss.",
    # Backward, one layer.
    "backward": "Layer {layer} back: {symbol}(z) averaged {fprime_mean}, at most "
    "{fprime_max}; ‖W‖ = {weight_norm}.",
    "backward_factor": "The gradient leaving this layer is {local} the one that entered "
    "({activation_part} from {symbol}, {weight_part} from the weights).",
    "backward_factor_residual": "The gradient leaving this layer is {local} the one that "
    "entered; the shortcut adds the entering gradient back unchanged, so it cannot vanish "
    "here.",
    "backward_left": "{left} of the output's gradient is left.",
    "backward_grown": "The gradient is now {left} the output's.",
    "backward_nonfinite": "The gradient became inf or NaN at layer {layer} ({where} first): "
    "press R to reset; try gradient clipping (clip.grad_norm) or a smaller init scale.",
    "backward_zero": "Layer {layer} back: the gradient arriving here is exactly 0. It has "
    "underflowed: it became smaller than the smallest number float64 holds (about "
    "5×10⁻³²⁴), so this layer and every layer below learn nothing from this batch.",
    "backward_done": "The backward pass reached layer 1: ‖∂L/∂W₁‖ ÷ ‖∂L/∂W_{depth}‖ = "
    "{w_share}. Press space to clip, then update.",
    # Regimes as they appear, with their cause and what to try.
    "vanished": "The gradient has vanished: less than 1/100 of the output's reaches layer "
    "{layer} and below, so those layers barely learn.",
    "exploded": "The gradient has exploded: more than 100× the output's reaches layer "
    "{layer} and below, so an update there overshoots.",
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
    "cause_large_weights": "Why: the weights multiply it by {weight_part} per layer; init "
    "{init} is too large for width {width} (He's std would be {he_std}, Xavier's "
    "{xavier_std}).",
    "try_relu": "Try: network.activation = relu with init.name = kaiming_normal (press c to "
    "edit, a to apply), or the lessons relu-he, batchnorm-rescue and residual-rescue.",
    "try_leaky": "Try: leaky_relu, which keeps a small slope below 0 (lesson "
    "leaky-relu-rescue), or a lower learning rate.",
    "try_init": "Try: a scaled init: xavier_normal for sigmoid and tanh, kaiming_normal for "
    "ReLU (lesson init-matters).",
    "try_clip": "Try: gradient clipping (clip.grad_norm = 1, lesson clipping), a smaller "
    "init (xavier_normal or kaiming_normal, lesson init-matters) or batch norm.",
    # Clip and update.
    "clip_off": "Clipping is off; the global gradient norm is {before}. Press space to "
    "update the weights.",
    "clip_norm": "Gradient clipping by norm: the global norm {before} was scaled down to "
    "{after}. Press space to update the weights.",
    "clip_norm_untouched": "Gradient clipping by norm: the global norm {before} is under "
    "the limit {limit}, nothing changed. Press space to update the weights.",
    "clip_value": "Clipping by value: {fraction} of the gradient entries were clamped to "
    "±{limit}; the global norm went from {before} to {after}. Press space to update.",
    "update": "Updated the weights ({optimizer}, learning rate {lr}): ‖ΔW‖ ÷ ‖W‖ is "
    "{first_ratio} at layer 1 and {last_ratio} at layer {depth}.",
    "update_slow": "Layer 1 learns {slower} slower than layer {depth}: the vanished "
    "gradient at work.",
    "update_alpha": "PReLU's α at layer 1 is now {alpha}.",
    "update_next": "Press space to load the next batch, or t to train {train} steps.",
    # Going back, training.
    "back": "Back to: {where}.",
    "back_at_start": "This is the start of the step: nothing to go back to.",
    "reset": "Reset: a fresh network from the same config and seed. Press space to step.",
    "training": "Training {steps} steps… (press p to stop)",
    "trained": "Trained {steps} steps; the loss is now {loss}.",
    "applied": "{what}: {depth} layers, {activation}, init {init}. Press space to step.",
}

CATALOGUES: dict[str, dict[str, str]] = {"en": EN}
"""Each language's sentences."""
