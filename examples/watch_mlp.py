"""A training script that gradtui can watch: nine sigmoid layers whose gradient vanishes.

Run: python examples/watch_mlp.py run.gradtui      (needs pip install '.[torch]')
and, in another terminal: gradtui watch run.gradtui
"""

import sys
import time

import torch
from torch import nn

from gradtui.watch import watch

path = sys.argv[1] if len(sys.argv) > 1 else "run.gradtui"
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
torch.manual_seed(0)
layers = []
for _ in range(9):
    layers += [nn.Linear(32, 32), nn.Sigmoid()]
model = nn.Sequential(*layers, nn.Linear(32, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(256, 32), torch.randn(256, 1)

w = watch(model, path)
for step in range(steps):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    w.step(loss)
    optimizer.step()
    if step % 100 == 0:
        print(f"step {step}: loss {loss.item():.4f}", flush=True)
    time.sleep(0.01)  # slow enough to watch
w.close()
