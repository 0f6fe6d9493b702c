"""The formats made straight from templates and fields: web page, plain text, JSON."""

from __future__ import annotations

import json
from pathlib import Path

from kimdocs.render.breaks import address_breaks
from kimdocs.render.job import Job
from kimdocs.render.keep_values import keep_values


def html_output(job: Job) -> dict[Path, bytes]:
    web = job.doc.kind.web_template
    html = job.print_page() if web is None else job.render(web)
    return {job.target("html"): address_breaks(keep_values(html)).encode("utf-8")}


def text_output(job: Job) -> dict[Path, bytes]:
    text = job.render(f"{job.doc.kind.template}.txt")
    return {job.target("txt"): text.encode("utf-8")}


def json_output(job: Job) -> dict[Path, bytes]:
    data = json.dumps(job.doc.kind.data(job.doc, job.context), ensure_ascii=False, indent=2)
    return {job.target("json"): (data + "\n").encode("utf-8")}
