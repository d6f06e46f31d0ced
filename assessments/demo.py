"""Demo seeder (after the courses' one): a practice quiz per demo module, the programme's entry and exit
evaluations, a satisfaction survey and a cold survey, and a quiz block at the end of a demo lesson.

Idempotent: a quiz that exists with the same title in the programme is left as editors made it; the lesson gets
its quiz block once (a new revision, published, as an editor would).
"""

from __future__ import annotations

from assessments import demo_content as content
from assessments.models import Quiz
from courses.demo_content.programme import PROGRAMME
from courses.models import LessonPage, ModulePage, ProgramPage


def _quiz_ensure(programme: ProgramPage, module: ModulePage | None, data: dict) -> tuple[Quiz, bool]:
    existing = Quiz.objects.filter(programme=programme, title=data["title"]).first()
    if existing is not None:
        return existing, False
    quiz = Quiz(programme=programme, module=module, **{"kind": "practice", **data})
    quiz.full_clean()
    quiz.save()
    return quiz, True


def _lesson_quiz_block_ensure(lesson: LessonPage, quiz: Quiz) -> bool:
    if any(block.block_type == "quiz" for block in lesson.body):
        return False
    lesson.body.append(("quiz", {"quiz": quiz, "introduction": "Vérifiez ce que vous avez retenu du module."}))
    lesson.save_revision().publish()
    return True


def seed_quizzes() -> list[str]:
    programme = ProgramPage.objects.filter(slug=PROGRAMME["slug"]).first()
    if programme is None:
        return []
    created: list[str] = []
    practice: dict[str, Quiz] = {}
    for module_slug, data in content.PRACTICE_QUIZZES.items():
        module = ModulePage.objects.descendant_of(programme).filter(slug=module_slug).first()
        if module is None:
            continue
        practice[module_slug], made = _quiz_ensure(programme, module, data)
        if made:
            created.append(f"quiz « {data['title']} »")
    for data in (content.ENTRY_EVALUATION, content.EXIT_EVALUATION, content.SATISFACTION_SURVEY,
                 content.COLD_SURVEY):  # fmt: skip
        _quiz, made = _quiz_ensure(programme, None, data)
        if made:
            created.append(f"quiz « {data['title']} »")
    module_slug, lesson_slug = content.QUIZ_LESSON
    lesson = LessonPage.objects.descendant_of(programme).filter(slug=lesson_slug).first()
    if lesson is not None and module_slug in practice:
        lesson = lesson.get_latest_revision_as_object()
        if _lesson_quiz_block_ensure(lesson, practice[module_slug]):
            created.append(f"quiz block in « {lesson.title} »")
    return created
