import pytest
from django.urls import reverse

from tagesordnung.agenda import services
from tagesordnung.agenda.forms import AgendaItemForm
from tagesordnung.agenda.models import StrategyGoal, Topic
from tests.factories import (
    ConferenceFactory,
    PoliceAuthorityFactory,
    StrategyGoalFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

WED = "Wohnungseinbruch"


def test_catalogue_starts_with_the_decree_topics(organiser_client):
    response = organiser_client.get(reverse("tagesordnung:topic-list"))

    content = response.content.decode()
    assert response.status_code == 200
    first = content.index("Allgemeine Sicherheitslage")
    assert first < content.index("Clankriminalität") < content.index(WED)
    assert content.count("Erlass</span>") == 9


def test_own_topic_is_added_and_other_tenants_do_not_see_it(
    organiser_client, police_authority, client, make_member
):
    response = organiser_client.post(
        reverse("tagesordnung:topic-create"), {"name": "Schrottimmobilien"}
    )

    assert response.status_code == 302
    topic = Topic.objects.get(name="Schrottimmobilien")
    assert topic.police_authority == police_authority
    client.force_login(make_member(PoliceAuthorityFactory()))
    assert "Schrottimmobilien" not in (
        client.get(reverse("tagesordnung:topic-list")).content.decode()
    )


def test_duplicate_topic_name_is_refused_in_german(organiser_client):
    response = organiser_client.post(
        reverse("tagesordnung:topic-create"), {"name": "clankriminalität"}
    )

    assert response.status_code == 200
    assert "Ein Thema mit diesem Namen gibt es bereits." in response.content.decode()


def test_topic_create_as_reader_is_403(client, reader):
    client.force_login(reader)

    response = client.post(reverse("tagesordnung:topic-create"), {"name": "X"})

    assert response.status_code == 403
    assert not Topic.objects.filter(name="X").exists()


def test_topic_edit_of_other_tenant_and_of_standard_topic_is_404(organiser_client):
    foreign = TopicFactory()
    standard = Topic.objects.get(name=WED)

    for topic in (foreign, standard):
        response = organiser_client.post(
            reverse("tagesordnung:topic-edit", args=[topic.pk]), {"name": "Neu"}
        )
        assert response.status_code == 404


def test_deactivating_a_standard_topic_hides_it_only_for_this_authority(
    organiser_client, police_authority, other_police_authority
):
    topic = Topic.objects.get(name=WED)
    url = reverse("tagesordnung:topic-toggle", args=[topic.pk])

    assert organiser_client.get(url).status_code == 405
    response = organiser_client.post(url, {"active": "0"})

    assert response.status_code == 302
    assert topic not in Topic.objects.usable_by(police_authority)
    assert topic in Topic.objects.usable_by(other_police_authority)
    form = AgendaItemForm(
        conference=ConferenceFactory(police_authority=police_authority)
    )
    assert topic not in form.fields["topic"].queryset

    organiser_client.post(url, {"active": "1"})
    assert topic in Topic.objects.usable_by(police_authority)


def test_deactivating_an_own_topic(police_authority):
    topic = TopicFactory(police_authority=police_authority)

    services.topic_set_active(
        topic=topic, police_authority=police_authority, active=False
    )

    topic.refresh_from_db()
    assert topic.active is False
    assert topic not in Topic.objects.usable_by(police_authority)


def test_toggle_topic_of_other_tenant_is_404(organiser_client):
    topic = TopicFactory()

    response = organiser_client.post(
        reverse("tagesordnung:topic-toggle", args=[topic.pk]), {"active": "0"}
    )

    assert response.status_code == 404


def test_goal_links_topics_of_the_security_programme(
    organiser_client, police_authority
):
    topic = Topic.objects.get(name=WED)

    response = organiser_client.post(
        reverse("tagesordnung:goal-create"),
        {
            "name": "Wohnungseinbruch senken",
            "description": "Prävention",
            "topics": [topic.pk],
            "active": "on",
        },
    )

    assert response.status_code == 302
    goal = StrategyGoal.objects.get()
    assert (goal.police_authority, goal.name, list(goal.topics.all())) == (
        police_authority,
        "Wohnungseinbruch senken",
        [topic],
    )
    page = organiser_client.get(reverse("tagesordnung:topic-list")).content.decode()
    assert "Wohnungseinbruch senken" in page


def test_goal_form_offers_no_foreign_topics(police_authority):
    from tagesordnung.agenda.forms import StrategyGoalForm

    foreign = TopicFactory()
    own = TopicFactory(police_authority=police_authority)

    form = StrategyGoalForm(police_authority=police_authority)

    assert own in form.fields["topics"].queryset
    assert foreign not in form.fields["topics"].queryset


def test_goal_edit_of_other_tenant_is_404(organiser_client):
    goal = StrategyGoalFactory()

    response = organiser_client.get(reverse("tagesordnung:goal-edit", args=[goal.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("goals", [1, 8])
def test_topic_list_query_count_does_not_grow(
    organiser_client, police_authority, goals, django_assert_num_queries
):
    for _ in range(goals):
        goal = StrategyGoalFactory(police_authority=police_authority)
        goal.topics.set(Topic.objects.filter(police_authority=None)[:3])
        TopicFactory(police_authority=police_authority)
    url = reverse("tagesordnung:topic-list")
    organiser_client.get(url)

    with django_assert_num_queries(4):
        organiser_client.get(url)


def test_own_topic_is_renamed(organiser_client, police_authority):
    topic = TopicFactory(police_authority=police_authority, name="Alt")

    response = organiser_client.post(
        reverse("tagesordnung:topic-edit", args=[topic.pk]), {"name": "Neu"}
    )

    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name == "Neu"


def test_goal_create_as_reader_is_403(client, reader):
    client.force_login(reader)

    response = client.post(reverse("tagesordnung:goal-create"), {"name": "Ziel"})

    assert response.status_code == 403
    assert not StrategyGoal.objects.exists()
