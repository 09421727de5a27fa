from django.db import models


class Everything(models.Model):
    id = models.AutoField(primary_key=True)
    title = models.CharField(max_length=80)
    body = models.TextField(blank=True)
    slug = models.SlugField()
    email = models.EmailField(unique=True)
    code = models.CharField(max_length=10, db_index=True, null=True)
    small = models.SmallIntegerField()
    number = models.IntegerField()
    big = models.BigIntegerField(null=True)
    psmall = models.PositiveSmallIntegerField()
    pnumber = models.PositiveIntegerField()
    pbig = models.PositiveBigIntegerField()
    flag = models.BooleanField(default=False)
    day = models.DateField()
    moment = models.DateTimeField(null=True)
    clock = models.TimeField()
    ratio = models.FloatField()
    data = models.JSONField(null=True)
    blob = models.BinaryField()


class Country(models.Model):
    code = models.CharField(max_length=2, primary_key=True)
    name = models.TextField(unique=True)


class Tiny(models.Model):
    id = models.SmallAutoField(primary_key=True)
    label = models.CharField(max_length=20, db_index=True)


class Money(models.Model):
    amount = models.DecimalField(max_digits=6, decimal_places=2)
    token = models.UUIDField(unique=True)


class Profile(models.Model):
    country = models.ForeignKey(Country, null=True, on_delete=models.SET_NULL)
    tiny = models.OneToOneField(Tiny, null=True, on_delete=models.CASCADE)
