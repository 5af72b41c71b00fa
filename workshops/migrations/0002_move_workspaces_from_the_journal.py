"""Move the work spaces of journal entries and prompts from the core's columns
(removed by communities 0011, which waits for this) to the workshop's tables,
and give each work space its prompt."""

from django.db import migrations


def move(apps, schema_editor):
    from workshops.catalogue import ensure_prompts

    Reflection = apps.get_model("communities", "Reflection")
    ReflectionPrompt = apps.get_model("communities", "ReflectionPrompt")
    EntryWorkSpace = apps.get_model("workshops", "EntryWorkSpace")
    PromptWorkSpace = apps.get_model("workshops", "PromptWorkSpace")
    EntryWorkSpace.objects.bulk_create(
        EntryWorkSpace(reflection_id=pk, workspace=space)
        for pk, space in Reflection.objects.exclude(workspace="").values_list("pk", "workspace")
    )
    PromptWorkSpace.objects.bulk_create(
        PromptWorkSpace(prompt_id=pk, workspace=space)
        for pk, space in ReflectionPrompt.objects.exclude(workspace="").values_list("pk", "workspace")
    )
    ensure_prompts(ReflectionPrompt, PromptWorkSpace)


def move_back(apps, schema_editor):
    Reflection = apps.get_model("communities", "Reflection")
    ReflectionPrompt = apps.get_model("communities", "ReflectionPrompt")
    for link in apps.get_model("workshops", "EntryWorkSpace").objects.all():
        Reflection.objects.filter(pk=link.reflection_id).update(workspace=link.workspace)
    for link in apps.get_model("workshops", "PromptWorkSpace").objects.all():
        ReflectionPrompt.objects.filter(pk=link.prompt_id).update(workspace=link.workspace)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_initial"),
        ("communities", "0010_audit_values"),
    ]
    run_before = [("communities", "0011_workspaces_moved_to_workshops")]

    operations = [migrations.RunPython(move, move_back)]
