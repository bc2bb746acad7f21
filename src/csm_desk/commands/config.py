"""``csm-desk config``: the effective configuration and where each value came from."""

from __future__ import annotations

import argparse

from csm_desk.context import Context


def run_config(ctx: Context, args: argparse.Namespace) -> int:
    from csm_desk.render.config import print_config

    print_config(ctx.settings)
    return 0
