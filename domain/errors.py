"""Named domain errors. Services translate them into typed API results."""

from __future__ import annotations

from dataclasses import dataclass, field


class DomainError(Exception):
    """Base class of every rule the domain refuses to break."""

    code = "DOMAIN_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One invalid input: which field and what is wrong with it."""

    field: str
    message: str


class ValidationFailed(DomainError):
    """The input breaks one or more rules; every problem is listed."""

    code = "VALIDATION_FAILED"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


class NotAllowed(DomainError):
    """The actor may not do this (role, gemeente or mandate)."""

    code = "NOT_ALLOWED"


class InvalidTransition(DomainError):
    """The object's lifecycle does not allow this step now."""

    code = "INVALID_TRANSITION"


@dataclass
class ProblemCollector:
    """Collects problems so that validation reports all of them at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(field_name, message))

    def require(self, condition: bool, field_name: str, message: str) -> None:
        if not condition:
            self.add(field_name, message)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationFailed(list(self.problems))
