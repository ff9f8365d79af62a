from django.conf import settings


def site(request):
    return {"OFFICE_NAME": settings.OFFICE_NAME, "PUBLIC_URL": settings.PUBLIC_URL}
