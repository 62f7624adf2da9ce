"""Letters to the applicant (告知书, 通知书) as DOCX and PDF (work in progress)."""


def reply_letter_files(application) -> list[tuple[str, bytes, str]]:
    raise NotImplementedError


def notice_files(application, kind: str) -> list[tuple[str, bytes, str]]:
    raise NotImplementedError
