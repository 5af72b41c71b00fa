import factory
from factory.django import DjangoModelFactory

from communities.models import School, StaffMembership, User
from communities.models.schools import Level, Shift, State

TEST_PASSWORD = "una-clave-de-prueba-2026"  # noqa: S105


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@escuela.test")
    full_name = factory.Faker("name", locale="es_MX")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Escuela Secundaria Técnica No. {n + 1}")
    state = State.JALISCO
    cct = factory.Sequence(lambda n: f"14DST{n % 10000:04d}{'ABCDEFGHJK'[n % 10]}")
    municipality = "Zapopan"
    level = Level.BASICA
    shift = Shift.MATUTINO


class StaffMembershipFactory(DjangoModelFactory):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = StaffMembership.Role.TEACHER


# --- The catalogues an administrator keeps (Construye T, the journal, the workshop) ---------


class SkillDimensionFactory(DjangoModelFactory):
    class Meta:
        model = "communities.SkillDimension"

    catalogue = "prueba"
    code = factory.Sequence(lambda n: f"dimension-{n}")
    name = factory.Sequence(lambda n: f"Dimensión {n}")
    position = factory.Sequence(lambda n: 100 + n)


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = "communities.Skill"

    dimension = factory.SubFactory(SkillDimensionFactory)
    code = factory.Sequence(lambda n: f"habilidad-{n}")
    name = factory.Sequence(lambda n: f"Habilidad {n}")
    position = factory.Sequence(lambda n: n)


class StrategyFactory(DjangoModelFactory):
    class Meta:
        model = "communities.Strategy"

    title = factory.Sequence(lambda n: f"Estrategia {n}")
    skill = factory.SubFactory(SkillFactory)
    purpose = "Reconocer lo que sentimos antes de actuar."
    steps = "1. Respirar.\n2. Nombrar la emoción."


class TeachingDimensionFactory(DjangoModelFactory):
    class Meta:
        model = "communities.TeachingDimension"

    code = factory.Sequence(lambda n: f"practica-{n}")
    name = factory.Sequence(lambda n: f"Dimensión de la práctica {n}")
    position = factory.Sequence(lambda n: 100 + n)


class ReflectionPromptFactory(DjangoModelFactory):
    class Meta:
        model = "communities.ReflectionPrompt"

    text = factory.Sequence(lambda n: f"¿Qué cambió en tu grupo esta semana? ({n})")
    position = factory.Sequence(lambda n: 100 + n)


class PromptWorkSpaceFactory(DjangoModelFactory):
    class Meta:
        model = "workshops.PromptWorkSpace"

    prompt = factory.SubFactory(ReflectionPromptFactory)
    workspace = "huella-colectiva"
